package main

// Behind a gateway: after login, returns to the URL the gateway reports in X-Original-URL.

import (
	"net/http"
)

func resume(w http.ResponseWriter, r *http.Request) {
	orig := r.Header.Get("X-Original-URL")
	if orig == "" {
		orig = "/"
	}
	http.Redirect(w, r, orig, http.StatusFound)
}

func main() {
	http.HandleFunc("/resume", resume)
}
