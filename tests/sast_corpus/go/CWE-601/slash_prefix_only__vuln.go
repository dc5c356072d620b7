package main

// Redirects to ?next= if it starts with "/"; "//evil.example" is protocol-relative and passes.

import (
	"net/http"
	"strings"
)

func next(w http.ResponseWriter, r *http.Request) {
	target := r.URL.Query().Get("next")
	if !strings.HasPrefix(target, "/") {
		target = "/"
	}
	http.Redirect(w, r, target, http.StatusFound)
}

func main() {
	http.HandleFunc("/next", next)
}
