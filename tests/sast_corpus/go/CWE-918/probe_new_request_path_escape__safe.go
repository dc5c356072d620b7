package main

// Uptime probe: requests the status page of a service named in the form on the fixed status host.

import (
	"net/http"
	"net/url"
	"time"
)

var client = &http.Client{Timeout: 5 * time.Second}

func probe(w http.ResponseWriter, r *http.Request) {
	target := "https://status.internal.example.com/services/" + url.PathEscape(r.FormValue("service"))
	req, err := http.NewRequest(http.MethodGet, target, nil)
	if err != nil {
		http.Error(w, "bad service", http.StatusBadRequest)
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
