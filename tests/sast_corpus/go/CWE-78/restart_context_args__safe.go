package main

// Restarts one of the managed systemd units named in the POST body, with a timeout and no shell.

import (
	"context"
	"net/http"
	"os/exec"
	"slices"
	"time"
)

var managedUnits = []string{"margo-agent.service", "containerd.service", "nginx.service"}

func restart(w http.ResponseWriter, r *http.Request) {
	unit := r.PostFormValue("unit")
	if !slices.Contains(managedUnits, unit) {
		http.Error(w, "unit not managed", http.StatusForbidden)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 30*time.Second)
	defer cancel()
	if err := exec.CommandContext(ctx, "systemctl", "restart", unit).Run(); err != nil {
		http.Error(w, "restart failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/units/restart", restart)
}
