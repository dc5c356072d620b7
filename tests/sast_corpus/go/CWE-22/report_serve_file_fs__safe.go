package main

// Downloads a generated report by the file name in the query string, served from an fs.FS.

import (
	"net/http"
	"os"
)

var reports = os.DirFS("/var/lib/margo/reports")

func downloadReport(w http.ResponseWriter, r *http.Request) {
	// os.DirFS refuses names that are not fs.ValidPath, so "../" cannot leave the directory.
	http.ServeFileFS(w, r, reports, r.URL.Query().Get("name"))
}

func main() {
	http.HandleFunc("/reports/download", downloadReport)
}
