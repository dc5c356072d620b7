package main

// Restarts a systemd unit named in the POST body, with a timeout.

import (
	"context"
	"net/http"
	"os/exec"
	"time"
)

func restart(w http.ResponseWriter, r *http.Request) {
	unit := r.PostFormValue("unit")
	ctx, cancel := context.WithTimeout(r.Context(), 30*time.Second)
	defer cancel()
	if err := exec.CommandContext(ctx, "sh", "-c", "systemctl restart "+unit).Run(); err != nil {
		http.Error(w, "restart failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/units/restart", restart)
}
