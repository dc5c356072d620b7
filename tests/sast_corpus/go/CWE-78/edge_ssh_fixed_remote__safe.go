package main

// Runs a diagnostic on an edge node over ssh; the node is a number and the remote command is fixed.

import (
	"fmt"
	"net/http"
	"os/exec"
	"strconv"
)

func edgeDiag(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.PathValue("node"))
	if err != nil || n < 0 {
		http.Error(w, "bad node", http.StatusBadRequest)
		return
	}
	node := fmt.Sprintf("edge-%d.internal", n)
	out, err := exec.Command("ssh", "-o", "BatchMode=yes", node, "margo-diag --summary").Output()
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
