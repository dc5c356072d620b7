package main

// Returns a device profile by name; the name must be a slug before it is formatted into a path.

import (
	"fmt"
	"net/http"
	"os"
	"regexp"
)

const profileDir = "/etc/margo/profiles"

var slug = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

func profile(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if !slug.MatchString(name) {
		http.Error(w, "bad name", http.StatusBadRequest)
		return
	}
	data, err := os.ReadFile(fmt.Sprintf("%s/%s.yaml", profileDir, name))
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
