package main

// Runs a diagnostic on an edge node over ssh; the remote command line comes from the request.

import (
	"net/http"
	"os/exec"
)

func edgeDiag(w http.ResponseWriter, r *http.Request) {
	node := "edge-" + r.PathValue("node") + ".internal"
	check := r.URL.Query().Get("check")
	out, err := exec.Command("ssh", "-o", "BatchMode=yes", node, "margo-diag "+check).Output()
	if err != nil {
		http.Error(w, "diagnostic failed", http.StatusBadGateway)
		return
	}
	_, _ = w.Write(out)
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /edge/{node}/diag", edgeDiag)
}
