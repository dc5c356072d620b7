package main

// API gateway: forwards requests to the fixed upstream; the request path is the client's.

import (
	"net/http"
	"net/http/httputil"
	"net/url"
)

func main() {
	upstream, err := url.Parse("http://10.30.0.5:8080")
	if err != nil {
		return
	}
	http.Handle("/api/", httputil.NewSingleHostReverseProxy(upstream))
}
