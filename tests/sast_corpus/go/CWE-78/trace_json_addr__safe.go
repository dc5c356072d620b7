package main

// Traces the route to the target inside a nested JSON request, which must be an IP address.

import (
	"encoding/json"
	"net/http"
	"net/netip"
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
	addr, err := netip.ParseAddr(req.Probe.Target)
	if err != nil {
		http.Error(w, "not an IP address", http.StatusBadRequest)
		return
	}
	out, err := exec.Command("traceroute", "-m", "15", addr.String()).Output()
	if err != nil {
		http.Error(w, "trace failed", http.StatusBadGateway)
		return
	}
	_, _ = w.Write(out)
}

func main() {
	http.HandleFunc("/diag/trace", trace)
}
