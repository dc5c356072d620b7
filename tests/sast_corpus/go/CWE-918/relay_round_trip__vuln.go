package main

// Relay: sends a request built from the JSON body through a transport's RoundTrip.

import (
	"encoding/json"
	"net/http"
)

type relayRequest struct {
	Method string `json:"method"`
	URL    string `json:"url"`
}

var transport = &http.Transport{}

func relay(w http.ResponseWriter, r *http.Request) {
	var rr relayRequest
	if err := json.NewDecoder(r.Body).Decode(&rr); err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	out, err := http.NewRequestWithContext(r.Context(), rr.Method, rr.URL, nil)
	if err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	resp, err := transport.RoundTrip(out)
	if err != nil {
		http.Error(w, "relay failed", http.StatusBadGateway)
		return
	}
	resp.Body.Close()
	w.WriteHeader(resp.StatusCode)
}

func main() {
	http.HandleFunc("/relay", relay)
}
