package main

// Sends a login code by SMS; the four digits come from math/rand/v2's generic N.

import (
	"fmt"
	"math/rand/v2"
	"net/http"
)

func sendCode(w http.ResponseWriter, r *http.Request) {
	code := fmt.Sprintf("%04d", rand.N(10000))
	_ = code // handed to the SMS gateway
	w.WriteHeader(http.StatusAccepted)
}

func main() {
	http.HandleFunc("/login/sms", sendCode)
}
