package main

// Zips the report files chosen in the query string (?file=a.csv&file=b.csv) with one shell line.

import (
	"net/http"
	"os/exec"
	"strings"
)

func bundle(w http.ResponseWriter, r *http.Request) {
	files := r.URL.Query()["file"]
	line := "cd /srv/reports && zip -q /tmp/reports.zip " + strings.Join(files, " ")
	if err := exec.Command("sh", "-c", line).Run(); err != nil {
		http.Error(w, "zip failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusCreated)
}

func main() {
	http.HandleFunc("/reports/bundle", bundle)
}
