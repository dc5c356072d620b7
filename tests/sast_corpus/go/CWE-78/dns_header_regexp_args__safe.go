package main

// Resolves the host the client says it came through; the name must be a plain DNS name.

import (
	"net/http"
	"os/exec"
	"regexp"
)

var hostname = regexp.MustCompile(`^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$`)

func resolveForwarded(w http.ResponseWriter, r *http.Request) {
	host := r.Header.Get("X-Forwarded-Host")
	if !hostname.MatchString(host) {
		http.Error(w, "bad host", http.StatusBadRequest)
		return
	}
	out, err := exec.Command("nslookup", host).Output()
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
