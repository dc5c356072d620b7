package main

// Stores an uploaded deployment profile under the name given in the form.

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
)

const profileDir = "/var/lib/margo/profiles"

func uploadProfile(w http.ResponseWriter, r *http.Request) {
	dst, err := os.Create(filepath.Join(profileDir, r.FormValue("name")))
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
