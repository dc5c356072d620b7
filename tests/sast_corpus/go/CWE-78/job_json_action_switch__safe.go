package main

// Starts a maintenance job chosen by name in a JSON body; each name maps to a fixed command.

import (
	"encoding/json"
	"net/http"
	"os/exec"
)

type jobRequest struct {
	Action string `json:"action"`
}

func startJob(w http.ResponseWriter, r *http.Request) {
	var req jobRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	var cmd *exec.Cmd
	switch req.Action {
	case "vacuum":
		cmd = exec.Command("/usr/bin/vacuumdb", "--all", "--analyze")
	case "rotate-logs":
		cmd = exec.Command("/usr/sbin/logrotate", "/etc/logrotate.conf")
	default:
		http.Error(w, "unknown action", http.StatusBadRequest)
		return
	}
	if err := cmd.Start(); err != nil {
		http.Error(w, "cannot start", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

func main() {
	http.HandleFunc("/jobs", startJob)
}
