package main

// Builds a small provisioning script for the users listed in the form and runs it with bash.

import (
	"net/http"
	"os/exec"
	"strings"
)

func provision(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	var script strings.Builder
	script.WriteString("set -e\n")
	for _, user := range r.Form["user"] {
		script.WriteString("useradd -m " + user + "\n")
	}
	if err := exec.Command("bash", "-c", script.String()).Run(); err != nil {
		http.Error(w, "provisioning failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/provision", provision)
}
