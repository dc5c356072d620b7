package main

// Sticky routing proxy: the X-Shard header picks one of the configured shard hosts.

import (
	"net/http"
	"net/http/httputil"
)

var shards = map[string]string{"a": "10.40.0.10:8080", "b": "10.40.0.11:8080"}

func main() {
	proxy := &httputil.ReverseProxy{
		Director: func(req *http.Request) {
			host, ok := shards[req.Header.Get("X-Shard")]
			if !ok {
				host = shards["a"]
			}
			req.URL.Scheme = "http"
			req.URL.Host = host
		},
	}
	http.Handle("/", proxy)
}
