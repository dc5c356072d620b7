package main

// Saves a configuration snippet sent as JSON under the file name it carries.

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
)

type snippet struct {
	Name    string `json:"name"`
	Content string `json:"content"`
}

func saveSnippet(w http.ResponseWriter, r *http.Request) {
	var s snippet
	if err := json.NewDecoder(r.Body).Decode(&s); err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	if err := os.WriteFile(filepath.Join("/etc/margo/snippets", s.Name), []byte(s.Content), 0o640); err != nil {
		http.Error(w, "not saved", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusCreated)
}

func main() {
	http.HandleFunc("/snippets", saveSnippet)
}
