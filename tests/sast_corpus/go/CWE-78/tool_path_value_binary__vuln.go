package main

// Runs the maintenance tool named in the route and returns its version banner.

import (
	"net/http"
	"os/exec"
)

func toolVersion(w http.ResponseWriter, r *http.Request) {
	out, err := exec.Command(r.PathValue("tool"), "--version").Output()
	if err != nil {
		http.Error(w, "tool failed", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write(out)
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /tools/{tool}/version", toolVersion)
}
