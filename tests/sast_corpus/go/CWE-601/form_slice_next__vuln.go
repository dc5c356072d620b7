package main

// Wizard step: after ParseForm, continues to the first "next" value submitted.

import (
	"net/http"
)

func wizardStep(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	target := "/wizard/done"
	if vals := r.Form["next"]; len(vals) > 0 {
		target = vals[0]
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

func main() {
	http.HandleFunc("/wizard/step", wizardStep)
}
