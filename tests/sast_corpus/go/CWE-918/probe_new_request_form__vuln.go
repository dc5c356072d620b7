package main

// Uptime probe: requests the target URL posted in the form with a client that has a timeout.

import (
	"net/http"
	"time"
)

var client = &http.Client{Timeout: 5 * time.Second}

func probe(w http.ResponseWriter, r *http.Request) {
	req, err := http.NewRequest(http.MethodGet, r.FormValue("target"), nil)
	if err != nil {
		http.Error(w, "bad target", http.StatusBadRequest)
		return
	}
	resp, err := client.Do(req)
	if err != nil {
		http.Error(w, "down", http.StatusBadGateway)
		return
	}
	resp.Body.Close()
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/probe", probe)
}
