package main

// Lists the images of the gallery folder; the query only filters entry names, it builds no path.

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
)

func gallery(w http.ResponseWriter, r *http.Request) {
	entries, err := os.ReadDir("/srv/galleries/public")
	if err != nil {
		http.Error(w, "unavailable", http.StatusInternalServerError)
		return
	}
	prefix := r.URL.Query().Get("prefix")
	names := []string{}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), prefix) {
			names = append(names, e.Name())
		}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(names)
}

func main() {
	http.HandleFunc("/gallery", gallery)
}
