package main

// Asks an edge node for its status; the route names a node whose address comes from the registry.

import (
	"net/http"
)

var nodeAddrs = map[string]string{
	"edge-1": "http://10.20.0.11:9100/status",
	"edge-2": "http://10.20.0.12:9100/status",
}

func nodeStatus(w http.ResponseWriter, r *http.Request) {
	addr, ok := nodeAddrs[r.PathValue("node")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	req, err := http.NewRequestWithContext(r.Context(), http.MethodGet, addr, nil)
	if err != nil {
		http.Error(w, "bad node", http.StatusInternalServerError)
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
	mux.HandleFunc("GET /nodes/{node}/status", nodeStatus)
}
