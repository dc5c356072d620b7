package main

// Redirects to ?url= if it mentions the company domain anywhere.

import (
	"net/http"
	"strings"
)

func bounce(w http.ResponseWriter, r *http.Request) {
	target := r.URL.Query().Get("url")
	if !strings.Contains(target, "example.com") {
		http.Error(w, "external links are not allowed", http.StatusBadRequest)
		return
	}
	http.Redirect(w, r, target, http.StatusFound)
}

func main() {
	http.HandleFunc("/bounce", bounce)
}
