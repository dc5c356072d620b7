package main

// Password reset: mails a link carrying 256 bits from crypto/rand.

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
)

func resetToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func requestReset(w http.ResponseWriter, r *http.Request) {
	tok, err := resetToken()
	if err != nil {
		http.Error(w, "try again", http.StatusInternalServerError)
		return
	}
	link := "https://app.example.com/reset?token=" + tok
	_ = link // handed to the mailer
	w.WriteHeader(http.StatusAccepted)
}

func main() {
	http.HandleFunc("/password/reset", requestReset)
}
