package main

// Lists the images of a gallery folder named in the query.

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
)

func gallery(w http.ResponseWriter, r *http.Request) {
	entries, err := os.ReadDir(filepath.Join("/srv/galleries", r.URL.Query().Get("album")))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(names)
}

func main() {
	http.HandleFunc("/gallery", gallery)
}
