package main

// Logs the user out and returns to the page given in the logout form.

import (
	"net/http"
)

func logout(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: "sid", Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: true})
	http.Redirect(w, r, r.FormValue("return_to"), http.StatusSeeOther)
}

func main() {
	http.HandleFunc("/logout", logout)
}
