package main

// Publishes a staged build under a server-generated name; the client's label only goes in a header.

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"os"
	"path/filepath"
)

func publish(w http.ResponseWriter, r *http.Request) {
	id := make([]byte, 12)
	if _, err := rand.Read(id); err != nil {
		http.Error(w, "publish failed", http.StatusInternalServerError)
		return
	}
	name := hex.EncodeToString(id) + ".tgz"
	if err := os.Rename("/srv/staging/build.tgz", filepath.Join("/srv/releases", name)); err != nil {
		http.Error(w, "publish failed", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Location", "/releases/"+name)
	w.WriteHeader(http.StatusCreated)
}

func main() {
	http.HandleFunc("/publish", publish)
}
