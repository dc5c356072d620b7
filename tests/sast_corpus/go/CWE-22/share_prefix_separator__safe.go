package main

// Serves shared files; the containment check includes the trailing separator.

import (
	"net/http"
	"path/filepath"
	"strings"
)

const shareDir = "/srv/share"

func shared(w http.ResponseWriter, r *http.Request) {
	p := filepath.Join(shareDir, r.URL.Query().Get("path"))
	if !strings.HasPrefix(p, shareDir+string(filepath.Separator)) {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	http.ServeFile(w, r, p)
}

func main() {
	http.HandleFunc("/shared", shared)
}
