package main

// Appends client events to the per-tenant log; the tenant header must be a number.

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
)

func ingest(w http.ResponseWriter, r *http.Request) {
	tenant, err := strconv.ParseUint(r.Header.Get("X-Tenant-ID"), 10, 32)
	if err != nil {
		http.Error(w, "bad tenant", http.StatusBadRequest)
		return
	}
	path := fmt.Sprintf("/var/log/margo/tenants/%d.log", tenant)
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o640)
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
