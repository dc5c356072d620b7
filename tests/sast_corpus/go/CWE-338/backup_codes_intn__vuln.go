package main

// Two-factor recovery: issues ten backup codes drawn with math/rand.

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"net/http"
)

func backupCodes(w http.ResponseWriter, r *http.Request) {
	codes := make([]string, 10)
	for i := range codes {
		codes[i] = fmt.Sprintf("%05d-%05d", rand.Intn(100000), rand.Intn(100000))
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(codes)
}

func main() {
	http.HandleFunc("/me/2fa/backup-codes", backupCodes)
}
