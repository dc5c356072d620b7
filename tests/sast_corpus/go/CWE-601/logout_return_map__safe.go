package main

// Logs the user out and returns to one of the named landing pages.

import (
	"net/http"
)

var landings = map[string]string{"home": "/", "docs": "/docs/", "status": "https://status.example.com/"}

func logout(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: "sid", Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: true})
	target, ok := landings[r.FormValue("return_to")]
	if !ok {
		target = "/"
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

func main() {
	http.HandleFunc("/logout", logout)
}
