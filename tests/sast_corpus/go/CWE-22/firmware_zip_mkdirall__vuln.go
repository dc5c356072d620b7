package main

// Stages a firmware bundle: each zip entry is written under the staging directory, creating parents.

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"os"
	"path/filepath"
)

const staging = "/var/lib/margo/firmware/staging"

func stageFirmware(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	if err != nil {
		http.Error(w, "read failed", http.StatusBadRequest)
		return
	}
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		http.Error(w, "not a zip", http.StatusBadRequest)
		return
	}
	for _, f := range zr.File {
		path := filepath.Join(staging, f.Name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			http.Error(w, "cannot stage", http.StatusInternalServerError)
			return
		}
		rc, err := f.Open()
		if err != nil {
			http.Error(w, "bad entry", http.StatusBadRequest)
			return
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			http.Error(w, "bad entry", http.StatusBadRequest)
			return
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			http.Error(w, "cannot stage", http.StatusInternalServerError)
			return
		}
	}
	w.WriteHeader(http.StatusCreated)
}

func main() {
	http.HandleFunc("/firmware", stageFirmware)
}
