package main

// Sticky routing proxy: the Director sends each request to the host in its X-Upstream header.

import (
	"net/http"
	"net/http/httputil"
)

func main() {
	proxy := &httputil.ReverseProxy{
		Director: func(req *http.Request) {
			req.URL.Scheme = "http"
			req.URL.Host = req.Header.Get("X-Upstream")
		},
	}
	http.Handle("/", proxy)
}
