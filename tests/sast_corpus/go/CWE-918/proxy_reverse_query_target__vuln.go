package main

// Debug proxy: forwards the request to the upstream named in the query string.

import (
	"net/http"
	"net/http/httputil"
	"net/url"
)

func debugProxy(w http.ResponseWriter, r *http.Request) {
	target, err := url.Parse(r.URL.Query().Get("upstream"))
	if err != nil {
		http.Error(w, "bad upstream", http.StatusBadRequest)
		return
	}
	httputil.NewSingleHostReverseProxy(target).ServeHTTP(w, r)
}

func main() {
	http.HandleFunc("/debug/proxy", debugProxy)
}
