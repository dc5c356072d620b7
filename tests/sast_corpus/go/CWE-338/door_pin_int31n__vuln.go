package main

// Issues a one-time door PIN for a site visit with rand.Int31n.

import (
	"fmt"
	"math/rand"
	"net/http"
)

func visitPIN(w http.ResponseWriter, r *http.Request) {
	pin := fmt.Sprintf("%08d", rand.Int31n(100000000))
	w.Header().Set("Content-Type", "text/plain")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte(pin))
}

func main() {
	http.HandleFunc("/visits/pin", visitPIN)
}
