package main

// Re-executes the agent binary after an upgrade, with a constant argument list.

import (
	"net/http"
	"os"
	"syscall"
)

const agentBinary = "/usr/local/bin/margo-agent"

func reexec(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusAccepted)
	if err := syscall.Exec(agentBinary, []string{agentBinary, "--resume"}, os.Environ()); err != nil {
		http.Error(w, "exec failed", http.StatusInternalServerError)
	}
}

func main() {
	http.HandleFunc("/agent/reexec", reexec)
}
