package main

// Stores a multipart upload under the target name given in a separate form field.

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
)

func upload(w http.ResponseWriter, r *http.Request) {
	file, _, err := r.FormFile("file")
	if err != nil {
		http.Error(w, "no file", http.StatusBadRequest)
		return
	}
	defer file.Close()
	target := r.PostFormValue("target")
	out, err := os.Create(filepath.Join("/srv/uploads", target))
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
