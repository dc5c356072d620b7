package main

// Asks an edge node for its status; the node's host is taken from the route.

import (
	"net/http"
)

func nodeStatus(w http.ResponseWriter, r *http.Request) {
	req, err := http.NewRequestWithContext(r.Context(), http.MethodGet, "http://"+r.PathValue("host")+":9100/status", nil)
	if err != nil {
		http.Error(w, "bad host", http.StatusBadRequest)
		return
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		http.Error(w, "unreachable", http.StatusBadGateway)
		return
	}
	resp.Body.Close()
	w.WriteHeader(resp.StatusCode)
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /nodes/{host}/status", nodeStatus)
}
