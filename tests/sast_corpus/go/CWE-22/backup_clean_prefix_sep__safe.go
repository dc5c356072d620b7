package main

// Restores a backup by name; the cleaned path must stay below the backup directory.

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

const backupDir = "/var/backups/margo"

func restore(w http.ResponseWriter, r *http.Request) {
	p := filepath.Clean(filepath.Join(backupDir, r.FormValue("backup")))
	if !strings.HasPrefix(p, backupDir+string(filepath.Separator)) {
		http.Error(w, "bad backup name", http.StatusBadRequest)
		return
	}
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
