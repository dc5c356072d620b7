package main

// Legacy URL shim: builds an http.RedirectHandler per request for the ?legacy= target.

import (
	"net/http"
)

func legacy(w http.ResponseWriter, r *http.Request) {
	http.RedirectHandler(r.URL.Query().Get("legacy"), http.StatusMovedPermanently).ServeHTTP(w, r)
}

func main() {
	http.HandleFunc("/legacy", legacy)
}
