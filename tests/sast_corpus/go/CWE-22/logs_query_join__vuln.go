package main

// Serves an application log file named in the query string.

import (
	"net/http"
	"os"
	"path/filepath"
)

const logDir = "/var/log/margo/apps"

func appLog(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("file")
	data, err := os.ReadFile(filepath.Join(logDir, name))
	if err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	_, _ = w.Write(data)
}

func main() {
	http.HandleFunc("/logs", appLog)
}
