package main

// Serves an asset; ".." is rejected before a second URL-decoding, so "%252e%252e%252f" gets through.

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

func asset(w http.ResponseWriter, r *http.Request) {
	raw := r.URL.Query().Get("name")
	if strings.Contains(raw, "..") {
		http.Error(w, "bad name", http.StatusBadRequest)
		return
	}
	name, err := url.PathUnescape(raw)
	if err != nil {
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
