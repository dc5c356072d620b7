package main

// Reads a note; filepath.Localize refuses names that are not local, slash-separated paths.

import (
	"net/http"
	"os"
	"path/filepath"
)

func note(w http.ResponseWriter, r *http.Request) {
	name, err := filepath.Localize(r.URL.Query().Get("note"))
	if err != nil {
		http.Error(w, "bad note name", http.StatusBadRequest)
		return
	}
	data, err := os.ReadFile(filepath.Join("/srv/notes", name))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write(data)
}

func main() {
	http.HandleFunc("/notes", note)
}
