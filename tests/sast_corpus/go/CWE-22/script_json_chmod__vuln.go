package main

// Marks an uploaded script executable; the script path comes from a JSON body.

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
)

type chmodRequest struct {
	Script string `json:"script"`
}

func makeExecutable(w http.ResponseWriter, r *http.Request) {
	var req chmodRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	if err := os.Chmod(filepath.Join("/srv/scripts", req.Script), 0o755); err != nil {
		http.Error(w, "chmod failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/scripts/executable", makeExecutable)
}
