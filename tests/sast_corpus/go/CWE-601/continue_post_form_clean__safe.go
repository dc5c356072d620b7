package main

// Saves the settings form and continues to the page in its hidden field, rooted and cleaned to a local path.

import (
	"net/http"
	"path"
	"strings"
	"unicode"
)

func saveSettings(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	next := r.PostFormValue("continue")
	if strings.ContainsAny(next, `\:`) || strings.ContainsFunc(next, unicode.IsControl) {
		next = "/"
	}
	// path.Clean of a rooted path collapses "//host" to "/host", which stays on this site.
	http.Redirect(w, r, path.Clean("/"+next), http.StatusSeeOther)
}

func main() {
	http.HandleFunc("/settings", saveSettings)
}
