package main

// Serves an asset; the name is URL-decoded first and then checked to be a local path.

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
)

func asset(w http.ResponseWriter, r *http.Request) {
	name, err := url.PathUnescape(r.URL.Query().Get("name"))
	if err != nil || !filepath.IsLocal(name) {
		http.Error(w, "bad name", http.StatusBadRequest)
		return
	}
	data, err := os.ReadFile(filepath.Join("/srv/assets", name))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	_, _ = w.Write(data)
}

func main() {
	http.HandleFunc("/asset", asset)
}
