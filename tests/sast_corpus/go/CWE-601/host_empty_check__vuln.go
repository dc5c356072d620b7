package main

// Accepts ?next= when the parsed URL has no host. "/\evil.example" parses as a path with an empty
// host, and browsers read the backslash as a slash and go to evil.example.

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
