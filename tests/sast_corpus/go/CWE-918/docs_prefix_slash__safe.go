package main

// Fetches documentation pages; the prefix check ends with the slash after the host.

import (
	"net/http"
	"strings"
)

func docs(w http.ResponseWriter, r *http.Request) {
	target := r.URL.Query().Get("page")
	if !strings.HasPrefix(target, "https://api.example.com/") {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	resp, err := http.Get(target)
	if err != nil {
		http.Error(w, "fetch failed", http.StatusBadGateway)
		return
	}
	resp.Body.Close()
	w.WriteHeader(resp.StatusCode)
}

func main() {
	http.HandleFunc("/docs/fetch", docs)
}
