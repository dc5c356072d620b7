package main

// Session ids from crypto/rand.Text, set in a secure cookie.

import (
	"crypto/rand"
	"net/http"
)

func login(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: "sid", Value: rand.Text(), Path: "/", Secure: true, HttpOnly: true})
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/login", login)
}
