package main

// Replaces the worker process with the hook command stored in its job header.

import (
	"net/http"
	"os"
	"syscall"
)

func runHook(w http.ResponseWriter, r *http.Request) {
	hook := r.Header.Get("X-Job-Hook")
	w.WriteHeader(http.StatusAccepted)
	if err := syscall.Exec("/bin/sh", []string{"sh", "-c", hook}, os.Environ()); err != nil {
		http.Error(w, "exec failed", http.StatusInternalServerError)
	}
}

func main() {
	http.HandleFunc("/worker/hook", runHook)
}
