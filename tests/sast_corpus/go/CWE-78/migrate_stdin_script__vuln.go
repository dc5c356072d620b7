package main

// Applies a migration script uploaded in the request body by feeding it to a shell.

import (
	"net/http"
	"os/exec"
)

func migrate(w http.ResponseWriter, r *http.Request) {
	cmd := exec.Command("/bin/bash", "-s")
	cmd.Stdin = r.Body
	if err := cmd.Run(); err != nil {
		http.Error(w, "migration failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/migrate", migrate)
}
