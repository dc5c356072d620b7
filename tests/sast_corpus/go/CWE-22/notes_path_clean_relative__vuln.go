package main

// Reads a note; path.Clean on a relative name keeps leading "../" elements.

import (
	"net/http"
	"os"
	"path"
	"path/filepath"
)

func note(w http.ResponseWriter, r *http.Request) {
	name := path.Clean(r.URL.Query().Get("note"))
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
