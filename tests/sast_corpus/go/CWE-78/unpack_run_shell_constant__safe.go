package main

// Unpacks the bundle spooled by the upload step; the shell helper only ever gets a constant line.

import (
	"net/http"
	"os/exec"
)

const unpackLatest = "tar -xzf /var/spool/uploads/latest.tgz -C /srv/bundles && rm -f /var/spool/uploads/latest.tgz"

func runShell(line string) error {
	return exec.Command("/bin/sh", "-c", line).Run()
}

func unpack(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	if err := runShell(unpackLatest); err != nil {
		http.Error(w, "unpack failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/bundles/unpack", unpack)
}
