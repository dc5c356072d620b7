package main

// Health aggregator: the header picks one of the configured backends.

import (
	"fmt"
	"net/http"
)

var backends = map[string]string{"blue": "api-blue.internal", "green": "api-green.internal"}

func backendHealth(w http.ResponseWriter, r *http.Request) {
	host, ok := backends[r.Header.Get("X-Backend")]
	if !ok {
		http.Error(w, "unknown backend", http.StatusBadRequest)
		return
	}
	resp, err := http.Get(fmt.Sprintf("https://%s/api/v1/health", host))
	if err != nil {
		http.Error(w, "unhealthy", http.StatusBadGateway)
		return
	}
	resp.Body.Close()
	w.WriteHeader(resp.StatusCode)
}

func main() {
	http.HandleFunc("/health/backend", backendHealth)
}
