package main

// Appends client events to the per-tenant log named by a request header.

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
)

func ingest(w http.ResponseWriter, r *http.Request) {
	tenant := r.Header.Get("X-Tenant-ID")
	f, err := os.OpenFile(filepath.Join("/var/log/margo/tenants", tenant+".log"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o640)
	if err != nil {
		http.Error(w, "cannot log", http.StatusInternalServerError)
		return
	}
	defer f.Close()
	_, _ = io.Copy(f, io.LimitReader(r.Body, 1<<20))
	w.WriteHeader(http.StatusAccepted)
}

func main() {
	http.HandleFunc("/events", ingest)
}
