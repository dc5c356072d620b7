package main

// Inspects a certificate by numeric serial, building an exec.Cmd by hand around openssl.

import (
	"fmt"
	"net/http"
	"os/exec"
	"strconv"
)

func inspectCert(w http.ResponseWriter, r *http.Request) {
	serial, err := strconv.ParseUint(r.FormValue("serial"), 10, 64)
	if err != nil {
		http.Error(w, "bad serial", http.StatusBadRequest)
		return
	}
	cmd := &exec.Cmd{
		Path: "/usr/bin/openssl",
		Args: []string{"openssl", "x509", "-noout", "-text", "-in", fmt.Sprintf("/etc/margo/certs/%d.pem", serial)},
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
