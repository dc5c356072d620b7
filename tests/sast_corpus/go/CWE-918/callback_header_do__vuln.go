package main

// Async export: reports completion to the callback URL the client sent in a header.

import (
	"net/http"
	"strings"
)

func export(w http.ResponseWriter, r *http.Request) {
	callback := r.Header.Get("X-Callback-URL")
	req, err := http.NewRequest(http.MethodPost, callback, strings.NewReader(`{"export":"done"}`))
	if err != nil {
		http.Error(w, "bad callback", http.StatusBadRequest)
		return
	}
	req.Header.Set("Content-Type", "application/json")
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
	}
	w.WriteHeader(http.StatusAccepted)
}

func main() {
	http.HandleFunc("/exports", export)
}
