package main

// Health page: runs the configured probe command, split into words from a constant.

import (
	"net/http"
	"os/exec"
	"strings"
)

const probeCommand = "/usr/local/bin/margo-probe --json --timeout 5s"

func probe(w http.ResponseWriter, r *http.Request) {
	words := strings.Fields(probeCommand)
	out, err := exec.Command(words[0], words[1:]...).Output()
	if err != nil {
		http.Error(w, "probe failed", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(out)
}

func main() {
	http.HandleFunc("/health/probe", probe)
}
