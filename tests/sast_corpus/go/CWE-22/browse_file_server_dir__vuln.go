package main

// Lets support staff browse any customer's export folder, the folder taken from the query string.

import (
	"net/http"
	"path/filepath"
)

func browse(w http.ResponseWriter, r *http.Request) {
	dir := filepath.Join("/srv/exports", r.URL.Query().Get("customer"))
	http.StripPrefix("/browse", http.FileServer(http.Dir(dir))).ServeHTTP(w, r)
}

func main() {
	http.HandleFunc("/browse/", browse)
}
