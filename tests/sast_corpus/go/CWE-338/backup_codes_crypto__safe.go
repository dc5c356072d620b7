package main

// Two-factor recovery: issues ten backup codes from crypto/rand.

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
)

func backupCodes(w http.ResponseWriter, r *http.Request) {
	codes := make([]string, 10)
	limit := big.NewInt(10_000_000_000)
	for i := range codes {
		n, err := rand.Int(rand.Reader, limit)
		if err != nil {
			http.Error(w, "try again", http.StatusInternalServerError)
			return
		}
		s := fmt.Sprintf("%010d", n)
		codes[i] = s[:5] + "-" + s[5:]
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(codes)
}

func main() {
	http.HandleFunc("/me/2fa/backup-codes", backupCodes)
}
