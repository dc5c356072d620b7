package main

// Wizard step: after ParseForm, continues to the numbered step submitted.

import (
	"fmt"
	"net/http"
	"strconv"
)

func wizardStep(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	step, err := strconv.Atoi(r.Form.Get("next_step"))
	if err != nil || step < 1 || step > 5 {
		http.Redirect(w, r, "/wizard/done", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/wizard/step/%d", step), http.StatusSeeOther)
}

func main() {
	http.HandleFunc("/wizard/step", wizardStep)
}
