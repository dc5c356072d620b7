package main

// Redirects to ?dest= after checking that it uses https and one of the company's hosts.

import (
	"net/http"
	"net/url"
	"slices"
)

var trustedHosts = []string{"example.com", "www.example.com", "help.example.com"}

func secureBounce(w http.ResponseWriter, r *http.Request) {
	u, err := url.Parse(r.URL.Query().Get("dest"))
	if err != nil || u.Scheme != "https" || u.User != nil || !slices.Contains(trustedHosts, u.Host) {
		http.Error(w, "destination not allowed", http.StatusBadRequest)
		return
	}
	http.Redirect(w, r, u.String(), http.StatusFound)
}

func main() {
	http.HandleFunc("/secure-bounce", secureBounce)
}
