package main

// Developer console: calls the API base URL remembered in a cookie.

import (
	"net/http"
)

func me(w http.ResponseWriter, r *http.Request) {
	base := "https://api.example.com"
	if c, err := r.Cookie("api_base"); err == nil {
		base = c.Value
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
