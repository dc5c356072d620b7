package main

// E-mail verification: the six-digit code comes from math/rand.

import (
	"fmt"
	"math/rand"
	"net/http"
)

func startVerification(w http.ResponseWriter, r *http.Request) {
	code := fmt.Sprintf("%06d", rand.Intn(1000000))
	_ = code // stored with the address and mailed
	w.WriteHeader(http.StatusAccepted)
}

func main() {
	http.HandleFunc("/verify-email", startVerification)
}
