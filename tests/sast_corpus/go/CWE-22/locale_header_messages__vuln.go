package main

// Returns the message catalogue for the language in the Accept-Language-like header.

import (
	"net/http"
	"os"
	"path/filepath"
)

func catalogue(w http.ResponseWriter, r *http.Request) {
	lang := r.Header.Get("X-Locale")
	data, err := os.ReadFile(filepath.Join("/usr/share/margo/locales", lang, "messages.json"))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(data)
}

func main() {
	http.HandleFunc("/i18n", catalogue)
}
