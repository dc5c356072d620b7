package main

// Sets the CSRF double-submit cookie from crypto/rand.Text (Go 1.24).

import (
	"crypto/rand"
	"net/http"
)

func setCSRF(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: "csrf", Value: rand.Text(), Path: "/", Secure: true, HttpOnly: true, SameSite: http.SameSiteStrictMode})
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/csrf", setCSRF)
}
