package main

// Personal access tokens from math/rand/v2 (auto-seeded, but not a cryptographic generator).

import (
	"fmt"
	"math/rand/v2"
	"net/http"
)

func personalToken(w http.ResponseWriter, r *http.Request) {
	tok := fmt.Sprintf("pat_%x%x", rand.Uint64(), rand.Uint64())
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write([]byte(tok))
}

func main() {
	http.HandleFunc("/me/tokens", personalToken)
}
