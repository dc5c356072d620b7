package main

// Issues a one-time door PIN for a site visit with crypto/rand.

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"net/http"
)

func visitPIN(w http.ResponseWriter, r *http.Request) {
	n, err := rand.Int(rand.Reader, big.NewInt(100000000))
	if err != nil {
		http.Error(w, "try again", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte(fmt.Sprintf("%08d", n)))
}

func main() {
	http.HandleFunc("/visits/pin", visitPIN)
}
