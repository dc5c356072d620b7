package main

// Network diagnostics page: pings the address given in the query string, which must parse as an IP.

import (
	"net"
	"net/http"
	"os/exec"
)

func ping(w http.ResponseWriter, r *http.Request) {
	ip := net.ParseIP(r.URL.Query().Get("host"))
	if ip == nil {
		http.Error(w, "not an IP address", http.StatusBadRequest)
		return
	}
	out, err := exec.Command("ping", "-c", "1", ip.String()).CombinedOutput()
	if err != nil {
		http.Error(w, "unreachable", http.StatusBadGateway)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write(out)
}

func main() {
	http.HandleFunc("/diag/ping", ping)
}
