package main

// Starts a backup of the database named in the query with os.StartProcess and a shell.

import (
	"net/http"
	"os"
)

func backupDB(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("db")
	attr := &os.ProcAttr{Files: []*os.File{nil, os.Stdout, os.Stderr}}
	p, err := os.StartProcess("/bin/sh", []string{"sh", "-c", "pg_dump " + name + " > /backups/" + name + ".sql"}, attr)
	if err != nil {
		http.Error(w, "cannot start", http.StatusInternalServerError)
		return
	}
	_ = p.Release()
	w.WriteHeader(http.StatusAccepted)
}

func main() {
	http.HandleFunc("/backups", backupDB)
}
