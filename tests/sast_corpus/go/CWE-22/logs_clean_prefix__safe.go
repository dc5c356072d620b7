package main

// Serves an application log file, confined to the log directory.

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

const logDir = "/var/log/margo/apps"

func appLog(w http.ResponseWriter, r *http.Request) {
	full := filepath.Join(logDir, r.URL.Query().Get("file"))
	if !strings.HasPrefix(full, logDir+string(os.PathSeparator)) {
		http.Error(w, "bad file name", http.StatusBadRequest)
		return
	}
	data, err := os.ReadFile(full)
	if err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	_, _ = w.Write(data)
}

func main() {
	http.HandleFunc("/logs", appLog)
}
