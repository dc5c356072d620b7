package main

// Reports the disk usage of all volumes; du is resolved once with LookPath and run with fixed arguments.

import (
	"net/http"
	"os/exec"
)

func volumeUsage(w http.ResponseWriter, r *http.Request) {
	du, err := exec.LookPath("du")
	if err != nil {
		http.Error(w, "du not installed", http.StatusNotImplemented)
		return
	}
	out, err := exec.Command(du, "-sh", "/var/lib/margo/volumes").Output()
	if err != nil {
		http.Error(w, "du failed", http.StatusInternalServerError)
		return
	}
	_, _ = w.Write(out)
}

func main() {
	http.HandleFunc("/volumes/usage", volumeUsage)
}
