package main

// Health probe for a host typed into the admin page.

import (
	"net/http"
	"os/exec"
)

func probe(w http.ResponseWriter, r *http.Request) {
	host := r.URL.Query().Get("host")
	out, err := exec.Command("/bin/bash", "-c", "ping -c 1 -W 2 "+host).CombinedOutput()
	if err != nil {
		http.Error(w, "unreachable", http.StatusBadGateway)
		return
	}
	_, _ = w.Write(out)
}

func main() {
	http.HandleFunc("/probe", probe)
}
