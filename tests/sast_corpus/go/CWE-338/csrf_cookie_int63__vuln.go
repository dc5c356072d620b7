package main

// Sets the CSRF double-submit cookie from math/rand.

import (
	"math/rand"
	"net/http"
	"strconv"
)

func setCSRF(w http.ResponseWriter, r *http.Request) {
	token := strconv.FormatInt(rand.Int63(), 16)
	http.SetCookie(w, &http.Cookie{Name: "csrf", Value: token, Path: "/", Secure: true, HttpOnly: true, SameSite: http.SameSiteStrictMode})
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/csrf", setCSRF)
}
