package main

// Status badge: the decoded parameter becomes a query value on the fixed status service.

import (
	"net/http"
	"net/url"
)

func badge(w http.ResponseWriter, r *http.Request) {
	name, err := url.QueryUnescape(r.URL.Query().Get("u"))
	if err != nil {
		http.Error(w, "bad name", http.StatusBadRequest)
		return
	}
	target := "https://status.example.com/api/badge?" + url.Values{"service": {name}}.Encode()
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
