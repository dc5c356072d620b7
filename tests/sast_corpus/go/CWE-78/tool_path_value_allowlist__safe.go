package main

// Returns the version banner of a maintenance tool chosen from a fixed table.

import (
	"net/http"
	"os/exec"
)

var tools = map[string]string{
	"containerd": "/usr/bin/containerd",
	"helm":       "/usr/local/bin/helm",
}

func toolVersion(w http.ResponseWriter, r *http.Request) {
	bin, ok := tools[r.PathValue("tool")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	out, err := exec.Command(bin, "--version").Output()
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
