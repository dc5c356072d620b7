package main

// Downloads a generated report by the file name in the query string.

import (
	"net/http"
	"path/filepath"
)

const reportDir = "/var/lib/margo/reports"

func downloadReport(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	http.ServeFile(w, r, filepath.Join(reportDir, name))
}

func main() {
	http.HandleFunc("/reports/download", downloadReport)
}
