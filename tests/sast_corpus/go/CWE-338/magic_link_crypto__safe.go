package main

// Passwordless login: the magic link's token is crypto/rand.Text.

import (
	"crypto/rand"
	"net/http"
)

func magicLink(w http.ResponseWriter, r *http.Request) {
	link := "https://app.example.com/magic?t=" + rand.Text()
	_ = link // mailed to the address in the form
	w.WriteHeader(http.StatusAccepted)
}

func main() {
	http.HandleFunc("/login/magic", magicLink)
}
