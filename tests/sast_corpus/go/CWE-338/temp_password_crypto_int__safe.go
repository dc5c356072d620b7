package main

// Admin "reset user" action: generates a temporary password with crypto/rand and returns it once.

import (
	"crypto/rand"
	"math/big"
	"net/http"
)

const pwChars = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%+"

func tempPassword(w http.ResponseWriter, r *http.Request) {
	pw := make([]byte, 14)
	max := big.NewInt(int64(len(pwChars)))
	for i := range pw {
		n, err := rand.Int(rand.Reader, max)
		if err != nil {
			http.Error(w, "try again", http.StatusInternalServerError)
			return
		}
		pw[i] = pwChars[n.Int64()]
	}
	w.Header().Set("Content-Type", "text/plain")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(pw)
}

func main() {
	http.HandleFunc("/admin/users/temp-password", tempPassword)
}
