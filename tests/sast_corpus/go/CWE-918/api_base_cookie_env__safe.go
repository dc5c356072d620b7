package main

// Developer console: the cookie picks between the production and staging API bases.

import (
	"net/http"
)

func me(w http.ResponseWriter, r *http.Request) {
	base := "https://api.example.com"
	if c, err := r.Cookie("api_env"); err == nil && c.Value == "staging" {
		base = "https://api.staging.example.com"
	}
	resp, err := http.Get(base + "/v1/me")
	if err != nil {
		http.Error(w, "api unreachable", http.StatusBadGateway)
		return
	}
	resp.Body.Close()
	w.WriteHeader(resp.StatusCode)
}

func main() {
	http.HandleFunc("/console/me", me)
}
