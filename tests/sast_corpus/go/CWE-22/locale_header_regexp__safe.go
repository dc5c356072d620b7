package main

// Returns the message catalogue for the language in a header, which must look like "de" or "pt-BR".

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
)

var localeTag = regexp.MustCompile(`^[a-z]{2}(-[A-Z]{2})?$`)

func catalogue(w http.ResponseWriter, r *http.Request) {
	lang := r.Header.Get("X-Locale")
	if !localeTag.MatchString(lang) {
		lang = "en"
	}
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
