package main

// Traces the route to the target inside a nested JSON request.

import (
	"encoding/json"
	"net/http"
	"os/exec"
)

type traceRequest struct {
	Probe struct {
		Target string `json:"target"`
	} `json:"probe"`
}

func trace(w http.ResponseWriter, r *http.Request) {
	var req traceRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	target := req.Probe.Target
	out, err := exec.Command("bash", "-c", "traceroute -m 15 "+target).Output()
	if err != nil {
		http.Error(w, "trace failed", http.StatusBadGateway)
		return
	}
	_, _ = w.Write(out)
}

func main() {
	http.HandleFunc("/diag/trace", trace)
}
