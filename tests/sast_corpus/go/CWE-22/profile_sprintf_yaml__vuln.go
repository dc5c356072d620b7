package main

// Returns a device profile by name, formatted into a path under the profile directory.

import (
	"fmt"
	"net/http"
	"os"
)

const profileDir = "/etc/margo/profiles"

func profile(w http.ResponseWriter, r *http.Request) {
	path := fmt.Sprintf("%s/%s.yaml", profileDir, r.PathValue("name"))
	data, err := os.ReadFile(path)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/yaml")
	_, _ = w.Write(data)
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /profiles/{name}", profile)
}
