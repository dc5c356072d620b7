package main

// Serves a static asset named in the query; the prefix check runs on the raw, uncleaned path.

import (
	"net/http"
	"os"
	"strings"
)

const assetRoot = "/srv/www/assets/"

func asset(w http.ResponseWriter, r *http.Request) {
	p := assetRoot + r.URL.Query().Get("file")
	if !strings.HasPrefix(p, assetRoot) {
		http.NotFound(w, r)
		return
	}
	f, err := os.Open(p)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	w.WriteHeader(http.StatusOK)
}

func main() {
	http.HandleFunc("/assets/", asset)
}
