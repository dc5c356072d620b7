package main

// Serves documentation pages by the rest of the path through an os.Root, which cannot be escaped.

import (
	"io"
	"net/http"
	"os"
)

var docsRoot *os.Root

func docPage(w http.ResponseWriter, r *http.Request) {
	f, err := docsRoot.Open(r.PathValue("page"))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	_, _ = io.Copy(w, f)
}

func main() {
	root, err := os.OpenRoot("/usr/share/margo/docs")
	if err != nil {
		return
	}
	docsRoot = root
	mux := http.NewServeMux()
	mux.HandleFunc("GET /docs/{page...}", docPage)
}
