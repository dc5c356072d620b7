package main

// Sends an audit line to syslog with the request id the client supplied, as one logger argument.

import (
	"fmt"
	"net/http"
	"os/exec"
)

func auditedAction(w http.ResponseWriter, r *http.Request) {
	msg := fmt.Sprintf("action=purge request=%q", r.Header.Get("X-Request-ID"))
	if err := exec.CommandContext(r.Context(), "logger", "-t", "margo-api", "--", msg).Run(); err != nil {
		http.Error(w, "audit failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/cache/purge", auditedAction)
}
