package main

// Language switcher: goes to the home page of the chosen language, which must be a known one.

import (
	"net/http"
	"slices"
)

var languages = []string{"en", "de", "fr", "ja"}

func setLanguage(w http.ResponseWriter, r *http.Request) {
	lang := r.URL.Query().Get("lang")
	if !slices.Contains(languages, lang) {
		lang = "en"
	}
	http.Redirect(w, r, "/"+lang+"/", http.StatusFound)
}

func main() {
	http.HandleFunc("/lang", setLanguage)
}
