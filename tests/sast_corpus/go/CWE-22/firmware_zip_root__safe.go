package main

// Stages a firmware bundle: each zip entry is written through an os.Root opened on the staging directory.

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"os"
	"path/filepath"
)

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
	root, err := os.OpenRoot("/var/lib/margo/firmware/staging")
	if err != nil {
		http.Error(w, "cannot stage", http.StatusInternalServerError)
		return
	}
	defer root.Close()
	for _, f := range zr.File {
		if err := root.MkdirAll(filepath.Dir(f.Name), 0o755); err != nil {
			http.Error(w, "bad entry", http.StatusBadRequest)
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
		if err := root.WriteFile(f.Name, data, 0o644); err != nil {
			http.Error(w, "bad entry", http.StatusBadRequest)
			return
		}
	}
	w.WriteHeader(http.StatusCreated)
}

func main() {
	http.HandleFunc("/firmware", stageFirmware)
}
