package main

// Redirects to ?r= if it starts with the site's origin; without a trailing slash
// "https://example.com.evil.net/" passes too.

import (
	"net/http"
	"strings"
)

func back(w http.ResponseWriter, r *http.Request) {
	target := r.URL.Query().Get("r")
	if !strings.HasPrefix(target, "https://example.com") {
		target = "https://example.com/"
	}
	http.Redirect(w, r, target, http.StatusFound)
}

func main() {
	http.HandleFunc("/back", back)
}
