package main

// Saves the settings form and continues to the page named in its hidden "continue" field.

import (
	"net/http"
)

func saveSettings(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	http.Redirect(w, r, r.PostFormValue("continue"), http.StatusSeeOther)
}

func main() {
	http.HandleFunc("/settings", saveSettings)
}
