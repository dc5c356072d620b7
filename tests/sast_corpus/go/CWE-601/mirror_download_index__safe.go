package main

// Download redirector: sends the client to the release file on one of the official mirrors.

import (
	"net/http"
	"net/url"
	"strconv"
)

var mirrors = []string{"https://mirror1.example.org", "https://mirror2.example.org"}

func fromMirror(w http.ResponseWriter, r *http.Request) {
	i, err := strconv.Atoi(r.URL.Query().Get("mirror"))
	if err != nil || i < 0 || i >= len(mirrors) {
		i = 0
	}
	http.Redirect(w, r, mirrors[i]+"/margo/"+url.PathEscape(r.PathValue("version"))+"/margo.tar.gz", http.StatusFound)
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /download/{version}", fromMirror)
}
