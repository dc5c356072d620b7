package main

// "Remember me" cookie whose token is rand.Int in decimal.

import (
	"math/rand"
	"net/http"
	"strconv"
	"time"
)

func rememberMe(w http.ResponseWriter, r *http.Request) {
	token := strconv.Itoa(rand.Int())
	http.SetCookie(w, &http.Cookie{
		Name: "remember", Value: token, Path: "/", Secure: true, HttpOnly: true,
		Expires: time.Now().Add(30 * 24 * time.Hour),
	})
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/login/remember", rememberMe)
}
