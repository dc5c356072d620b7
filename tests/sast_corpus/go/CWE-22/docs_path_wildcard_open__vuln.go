package main

// Serves documentation pages by the rest of the path (Go 1.22 wildcard); encoded slashes survive routing.

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
)

const docsRoot = "/usr/share/margo/docs"

func docPage(w http.ResponseWriter, r *http.Request) {
	f, err := os.Open(filepath.Join(docsRoot, r.PathValue("page")))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	_, _ = io.Copy(w, f)
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /docs/{page...}", docPage)
}
