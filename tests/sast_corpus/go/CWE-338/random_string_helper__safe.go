package main

// A randomString helper on crypto/rand; the handler uses it for webhook signing secrets.

import (
	"crypto/rand"
	"encoding/json"
	"math/big"
	"net/http"
)

const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

func randomString(n int) (string, error) {
	b := make([]byte, n)
	max := big.NewInt(int64(len(letters)))
	for i := range b {
		k, err := rand.Int(rand.Reader, max)
		if err != nil {
			return "", err
		}
		b[i] = letters[k.Int64()]
	}
	return string(b), nil
}

func createWebhook(w http.ResponseWriter, r *http.Request) {
	secret, err := randomString(40)
	if err != nil {
		http.Error(w, "try again", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]string{"signing_secret": secret})
}

func main() {
	http.HandleFunc("/webhooks", createWebhook)
}
