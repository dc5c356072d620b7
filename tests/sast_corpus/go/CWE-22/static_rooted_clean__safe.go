package main

// Serves static assets; cleaning the rooted path removes every "..".

import (
	"net/http"
	"path"
	"path/filepath"
)

const assetRoot = "/srv/www/assets"

func asset(w http.ResponseWriter, r *http.Request) {
	rel := path.Clean("/" + r.URL.Path)
	http.ServeFile(w, r, filepath.Join(assetRoot, filepath.FromSlash(rel)))
}

func main() {
	http.HandleFunc("/assets/", asset)
}
