package main

// Language switcher: stores the chosen language and goes back to ?back=.

import (
	"net/http"
)

func setLanguage(w http.ResponseWriter, r *http.Request) {
	lang := "en"
	if r.URL.Query().Get("lang") == "de" {
		lang = "de"
	}
	http.SetCookie(w, &http.Cookie{Name: "lang", Value: lang, Path: "/", Secure: true, HttpOnly: true})
	back := r.URL.Query().Get("back")
	http.Redirect(w, r, back, http.StatusFound)
}

func main() {
	http.HandleFunc("/lang", setLanguage)
}
