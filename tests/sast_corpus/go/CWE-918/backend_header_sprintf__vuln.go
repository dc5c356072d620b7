package main

// Health aggregator: checks the backend the load balancer names in a header.

import (
	"fmt"
	"net/http"
)

func backendHealth(w http.ResponseWriter, r *http.Request) {
	target := fmt.Sprintf("https://%s/api/v1/health", r.Header.Get("X-Backend"))
	resp, err := http.Get(target)
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
