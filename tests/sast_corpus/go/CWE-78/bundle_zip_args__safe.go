package main

// Zips the report files chosen in the query string, passed to zip as arguments after "--".

import (
	"net/http"
	"os/exec"
	"path/filepath"
)

func bundle(w http.ResponseWriter, r *http.Request) {
	args := []string{"-q", "/tmp/reports.zip", "--"}
	for _, f := range r.URL.Query()["file"] {
		if !filepath.IsLocal(f) {
			http.Error(w, "bad file", http.StatusBadRequest)
			return
		}
		args = append(args, f)
	}
	cmd := exec.Command("zip", args...)
	cmd.Dir = "/srv/reports"
	if err := cmd.Run(); err != nil {
		http.Error(w, "zip failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusCreated)
}

func main() {
	http.HandleFunc("/reports/bundle", bundle)
}
