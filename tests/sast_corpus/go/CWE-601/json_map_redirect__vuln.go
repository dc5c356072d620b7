package main

// Form builder: after a JSON submission, redirects to the "redirect" value of the decoded body.

import (
	"encoding/json"
	"net/http"
)

func submit(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	target, _ := body["redirect"].(string)
	if target == "" {
		target = "/thanks"
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

func main() {
	http.HandleFunc("/forms/submit", submit)
}
