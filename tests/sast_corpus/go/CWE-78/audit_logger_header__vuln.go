package main

// Sends an audit line to syslog with the request id the client supplied.

import (
	"fmt"
	"net/http"
	"os/exec"
)

func auditedAction(w http.ResponseWriter, r *http.Request) {
	reqID := r.Header.Get("X-Request-ID")
	line := fmt.Sprintf("logger -t margo-api 'action=purge request=%s'", reqID)
	if err := exec.CommandContext(r.Context(), "sh", "-c", line).Run(); err != nil {
		http.Error(w, "audit failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/cache/purge", auditedAction)
}
