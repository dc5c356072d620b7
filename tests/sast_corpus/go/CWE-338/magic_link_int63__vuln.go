package main

// Passwordless login: the magic link's token joins two math/rand values.

import (
	"fmt"
	"math/rand"
	"net/http"
)

func magicLink(w http.ResponseWriter, r *http.Request) {
	token := fmt.Sprintf("%x-%x", rand.Int63(), rand.Int63())
	link := "https://app.example.com/magic?t=" + token
	_ = link // mailed to the address in the form
	w.WriteHeader(http.StatusAccepted)
}

func main() {
	http.HandleFunc("/login/magic", magicLink)
}
