package main

// Unpacks an uploaded bundle; a small helper runs any command line through the shell.

import (
	"net/http"
	"os/exec"
)

func runShell(line string) error {
	return exec.Command("/bin/sh", "-c", line).Run()
}

func unpack(w http.ResponseWriter, r *http.Request) {
	bundle := r.FormValue("bundle")
	if err := runShell("tar -xzf /var/spool/uploads/" + bundle + " -C /srv/bundles"); err != nil {
		http.Error(w, "unpack failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/bundles/unpack", unpack)
}
