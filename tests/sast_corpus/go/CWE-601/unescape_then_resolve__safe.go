package main

// Redirects to a destination that arrives URL-encoded in ?d=, resolved against this site and kept on it.

import (
	"net/http"
	"net/url"
)

var site = &url.URL{Scheme: "https", Host: "app.example.com", Path: "/"}

func decodeAndGo(w http.ResponseWriter, r *http.Request) {
	dest, err := url.QueryUnescape(r.URL.Query().Get("d"))
	if err != nil {
		http.Error(w, "bad destination", http.StatusBadRequest)
		return
	}
	ref, err := url.Parse(dest)
	if err != nil {
		http.Error(w, "bad destination", http.StatusBadRequest)
		return
	}
	abs := site.ResolveReference(ref)
	if abs.Scheme != site.Scheme || abs.Host != site.Host {
		abs = site
	}
	http.Redirect(w, r, abs.String(), http.StatusFound)
}

func main() {
	http.HandleFunc("/d", decodeAndGo)
}
