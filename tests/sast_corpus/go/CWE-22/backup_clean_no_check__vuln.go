package main

// Restores a backup by name; the path is cleaned, which removes nothing that matters.

import (
	"net/http"
	"os"
	"path/filepath"
)

func restore(w http.ResponseWriter, r *http.Request) {
	p := filepath.Clean(filepath.Join("/var/backups/margo", r.FormValue("backup")))
	f, err := os.Open(p)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	w.WriteHeader(http.StatusAccepted)
}

func main() {
	http.HandleFunc("/restore", restore)
}
