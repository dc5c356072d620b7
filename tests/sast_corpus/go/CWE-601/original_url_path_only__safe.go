package main

// Behind a gateway: after login, returns to the path (only) of the URL in X-Original-URL.

import (
	"net/http"
	"net/url"
	"strings"
)

func resume(w http.ResponseWriter, r *http.Request) {
	target := "/"
	if u, err := url.Parse(r.Header.Get("X-Original-URL")); err == nil && strings.HasPrefix(u.Path, "/") && !strings.HasPrefix(u.Path, "//") {
		target = (&url.URL{Path: u.Path, RawQuery: u.RawQuery}).RequestURI()
	}
	http.Redirect(w, r, target, http.StatusFound)
}

func main() {
	http.HandleFunc("/resume", resume)
}
