package main

// Stores an uploaded deployment profile after checking the name stays local.

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
)

const profileDir = "/var/lib/margo/profiles"

func uploadProfile(w http.ResponseWriter, r *http.Request) {
	name := r.FormValue("name")
	if !filepath.IsLocal(name) {
		http.Error(w, "bad name", http.StatusBadRequest)
		return
	}
	dst, err := os.Create(filepath.Join(profileDir, name))
	if err != nil {
		http.Error(w, "cannot store", http.StatusInternalServerError)
		return
	}
	defer dst.Close()
	_, _ = io.Copy(dst, r.Body)
}

func main() {
	http.HandleFunc("/profiles", uploadProfile)
}
