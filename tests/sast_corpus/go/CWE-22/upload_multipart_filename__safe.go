package main

// Stores a multipart upload under its client file name; mime/multipart reduces that name to its
// base name (filepath.Base) since Go 1.17, so it cannot contain a directory.

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
)

func upload(w http.ResponseWriter, r *http.Request) {
	file, header, err := r.FormFile("file")
	if err != nil {
		http.Error(w, "no file", http.StatusBadRequest)
		return
	}
	defer file.Close()
	out, err := os.Create(filepath.Join("/srv/uploads", header.Filename))
	if err != nil {
		http.Error(w, "cannot store", http.StatusInternalServerError)
		return
	}
	defer out.Close()
	_, _ = io.Copy(out, file)
}

func main() {
	http.HandleFunc("/upload", upload)
}
