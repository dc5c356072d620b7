package main

// Evicts one entry from the on-disk cache by the key posted in the form.

import (
	"net/http"
	"os"
	"path/filepath"
)

const cacheDir = "/var/cache/margo"

func evict(w http.ResponseWriter, r *http.Request) {
	key := r.FormValue("key")
	if err := os.Remove(filepath.Join(cacheDir, key)); err != nil {
		http.Error(w, "not evicted", http.StatusNotFound)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/cache/evict", evict)
}
