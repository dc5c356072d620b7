package main

// Redirects to ?next= if it is a single-slash path without backslashes (browsers read "/\" as "//")
// and without control characters (browsers drop tabs and newlines, so "/\t/host" is "//host").

import (
	"net/http"
	"strings"
	"unicode"
)

func next(w http.ResponseWriter, r *http.Request) {
	target := r.URL.Query().Get("next")
	if !strings.HasPrefix(target, "/") || strings.HasPrefix(target, "//") || strings.ContainsRune(target, '\\') ||
		strings.ContainsFunc(target, unicode.IsControl) {
		target = "/"
	}
	http.Redirect(w, r, target, http.StatusFound)
}

func main() {
	http.HandleFunc("/next", next)
}
