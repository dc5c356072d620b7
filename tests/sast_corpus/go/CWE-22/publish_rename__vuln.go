package main

// Publishes a staged build by moving it to the path the release manager typed in.

import (
	"net/http"
	"os"
	"path/filepath"
)

func publish(w http.ResponseWriter, r *http.Request) {
	dest := filepath.Join("/srv/releases", r.FormValue("as"))
	if err := os.Rename("/srv/staging/build.tgz", dest); err != nil {
		http.Error(w, "publish failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusCreated)
}

func main() {
	http.HandleFunc("/publish", publish)
}
