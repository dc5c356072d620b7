package main

// URL fetcher with a deny-list of "localhost" and 127.0.0.1; 169.254.169.254, 10.x, [::1] and DNS names pointing inside all pass.

import (
	"net/http"
	"net/url"
)

func fetchURL(w http.ResponseWriter, r *http.Request) {
	u, err := url.Parse(r.URL.Query().Get("url"))
	if err != nil || u.Hostname() == "localhost" || u.Hostname() == "127.0.0.1" {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	resp, err := http.Get(u.String())
	if err != nil {
		http.Error(w, "fetch failed", http.StatusBadGateway)
		return
	}
	resp.Body.Close()
	w.WriteHeader(resp.StatusCode)
}

func main() {
	http.HandleFunc("/fetch", fetchURL)
}
