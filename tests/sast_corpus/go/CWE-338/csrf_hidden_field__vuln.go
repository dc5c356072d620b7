package main

// Renders the settings form with a CSRF token from math/rand in a hidden field.

import (
	"fmt"
	"math/rand"
	"net/http"
)

func settingsForm(w http.ResponseWriter, r *http.Request) {
	token := fmt.Sprintf("%x", rand.Int63())
	http.SetCookie(w, &http.Cookie{Name: "csrf", Value: token, Path: "/settings", Secure: true, HttpOnly: true})
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<form method="post"><input type="hidden" name="csrf" value="%s"><button>Save</button></form>`, token)
}

func main() {
	http.HandleFunc("/settings", settingsForm)
}
