package main

// Redirects to ?url= if its parsed host is exactly the company's web host.

import (
	"net/http"
	"net/url"
)

func bounce(w http.ResponseWriter, r *http.Request) {
	u, err := url.Parse(r.URL.Query().Get("url"))
	if err != nil || u.Scheme != "https" || u.Host != "www.example.com" {
		http.Error(w, "external links are not allowed", http.StatusBadRequest)
		return
	}
	http.Redirect(w, r, u.String(), http.StatusFound)
}

func main() {
	http.HandleFunc("/bounce", bounce)
}
