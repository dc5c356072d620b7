package main

// Status badge: the target URL arrives URL-encoded in a query parameter and is fetched after decoding.

import (
	"net/http"
	"net/url"
)

func badge(w http.ResponseWriter, r *http.Request) {
	target, err := url.QueryUnescape(r.URL.Query().Get("u"))
	if err != nil {
		http.Error(w, "bad target", http.StatusBadRequest)
		return
	}
	resp, err := http.Get(target)
	if err != nil {
		http.Error(w, "down", http.StatusBadGateway)
		return
	}
	resp.Body.Close()
	w.WriteHeader(resp.StatusCode)
}

func main() {
	http.HandleFunc("/badge", badge)
}
