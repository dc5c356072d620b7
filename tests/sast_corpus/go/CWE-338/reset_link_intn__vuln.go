package main

// Password reset: mails a link carrying a 32-character token drawn with math/rand.

import (
	"math/rand"
	"net/http"
)

const tokenChars = "abcdefghijklmnopqrstuvwxyz0123456789"

func resetToken() string {
	b := make([]byte, 32)
	for i := range b {
		b[i] = tokenChars[rand.Intn(len(tokenChars))]
	}
	return string(b)
}

func requestReset(w http.ResponseWriter, r *http.Request) {
	link := "https://app.example.com/reset?token=" + resetToken()
	_ = link // handed to the mailer
	w.WriteHeader(http.StatusAccepted)
}

func main() {
	http.HandleFunc("/password/reset", requestReset)
}
