package main

// Relay: forwards the JSON body's method to the fixed billing endpoint through a transport.

import (
	"encoding/json"
	"net/http"
)

type relayRequest struct {
	Method string `json:"method"`
}

var transport = &http.Transport{}

func relay(w http.ResponseWriter, r *http.Request) {
	var rr relayRequest
	if err := json.NewDecoder(r.Body).Decode(&rr); err != nil || (rr.Method != http.MethodGet && rr.Method != http.MethodHead) {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	out, err := http.NewRequestWithContext(r.Context(), rr.Method, "https://billing.internal.example.com/v1/usage", nil)
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
