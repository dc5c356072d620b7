package main

// Starts a maintenance job described in a JSON body: a command and its arguments.

import (
	"encoding/json"
	"net/http"
	"os/exec"
)

type jobRequest struct {
	Command string   `json:"command"`
	Args    []string `json:"args"`
}

func startJob(w http.ResponseWriter, r *http.Request) {
	var req jobRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	cmd := exec.Command(req.Command, req.Args...)
	if err := cmd.Start(); err != nil {
		http.Error(w, "cannot start", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

func main() {
	http.HandleFunc("/jobs", startJob)
}
