package main

// Accepts ?next= when the parsed URL has no host; "https:evil.example" parses with an empty host
// (the rest is opaque) and browsers still go to evil.example.

import (
	"net/http"
	"net/url"
)

func next(w http.ResponseWriter, r *http.Request) {
	target := r.URL.Query().Get("next")
	u, err := url.Parse(target)
	if err != nil || u.Host != "" {
		target = "/"
	}
	http.Redirect(w, r, target, http.StatusFound)
}

func main() {
	http.HandleFunc("/after", next)
}
