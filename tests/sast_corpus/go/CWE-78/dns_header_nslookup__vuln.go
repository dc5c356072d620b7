package main

// Resolves the host the client says it came through, for a debugging endpoint.

import (
	"net/http"
	"os/exec"
)

func resolveForwarded(w http.ResponseWriter, r *http.Request) {
	host := r.Header.Get("X-Forwarded-Host")
	out, err := exec.Command("/bin/sh", "-c", "nslookup "+host).Output()
	if err != nil {
		http.Error(w, "lookup failed", http.StatusBadGateway)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write(out)
}

func main() {
	http.HandleFunc("/debug/resolve", resolveForwarded)
}
