package main

// Redirects to ?next= if it is a single-slash path without backslashes (browsers read "/\" as "//").

import (
	"net/http"
	"strings"
)

func next(w http.ResponseWriter, r *http.Request) {
	target := r.URL.Query().Get("next")
	if !strings.HasPrefix(target, "/") || strings.HasPrefix(target, "//") || strings.ContainsRune(target, '\\') {
		target = "/"
	}
	http.Redirect(w, r, target, http.StatusFound)
}

func main() {
	http.HandleFunc("/next", next)
}
