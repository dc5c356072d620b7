package main

// Health probe that passes the host to ping as a single argument.

import (
	"net/http"
	"os/exec"
)

func probe(w http.ResponseWriter, r *http.Request) {
	host := r.URL.Query().Get("host")
	out, err := exec.Command("ping", "-c", "1", "-W", "2", "--", host).CombinedOutput()
	if err != nil {
		http.Error(w, "unreachable", http.StatusBadGateway)
		return
	}
	_, _ = w.Write(out)
}

func main() {
	http.HandleFunc("/probe", probe)
}
