package main

// Starts the nightly backup script with os.StartProcess; nothing from the request reaches it.

import (
	"net/http"
	"os"
)

func backupAll(w http.ResponseWriter, r *http.Request) {
	attr := &os.ProcAttr{Files: []*os.File{nil, os.Stdout, os.Stderr}}
	p, err := os.StartProcess("/usr/local/sbin/backup-all", []string{"backup-all", "--compress"}, attr)
	if err != nil {
		http.Error(w, "cannot start", http.StatusInternalServerError)
		return
	}
	_ = p.Release()
	w.WriteHeader(http.StatusAccepted)
}

func main() {
	http.HandleFunc("/backups", backupAll)
}
