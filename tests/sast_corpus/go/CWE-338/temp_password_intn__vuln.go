package main

// Admin "reset user" action: generates a temporary password with math/rand and returns it once.

import (
	"math/rand"
	"net/http"
)

const pwChars = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%+"

func tempPassword(w http.ResponseWriter, r *http.Request) {
	pw := make([]byte, 14)
	for i := range pw {
		pw[i] = pwChars[rand.Intn(len(pwChars))]
	}
	w.Header().Set("Content-Type", "text/plain")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(pw)
}

func main() {
	http.HandleFunc("/admin/users/temp-password", tempPassword)
}
