package main

// Inspects a certificate file by common name, building an exec.Cmd by hand around sh -c.

import (
	"net/http"
	"os/exec"
)

func inspectCert(w http.ResponseWriter, r *http.Request) {
	cn := r.FormValue("cn")
	cmd := &exec.Cmd{
		Path: "/bin/sh",
		Args: []string{"sh", "-c", "openssl x509 -noout -text -in /etc/margo/certs/" + cn + ".pem"},
	}
	out, err := cmd.Output()
	if err != nil {
		http.Error(w, "inspect failed", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write(out)
}

func main() {
	http.HandleFunc("/certs/inspect", inspectCert)
}
