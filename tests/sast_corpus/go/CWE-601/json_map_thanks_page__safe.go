package main

// Form builder: after a JSON submission, redirects to the thank-you page of the form id in the body.

import (
	"encoding/json"
	"fmt"
	"net/http"
)

func submit(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	id, ok := body["form_id"].(float64)
	if !ok || id < 1 {
		http.Error(w, "form_id missing", http.StatusBadRequest)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/forms/%d/thanks", int64(id)), http.StatusSeeOther)
}

func main() {
	http.HandleFunc("/forms/submit", submit)
}
