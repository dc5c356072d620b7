package main

// Serves shared files; the containment check forgets the separator, so /srv/share-private passes.

import (
	"net/http"
	"path/filepath"
	"strings"
)

const shareDir = "/srv/share"

func shared(w http.ResponseWriter, r *http.Request) {
	p := filepath.Join(shareDir, r.URL.Query().Get("path"))
	if !strings.HasPrefix(p, shareDir) {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	http.ServeFile(w, r, p)
}

func main() {
	http.HandleFunc("/shared", shared)
}
