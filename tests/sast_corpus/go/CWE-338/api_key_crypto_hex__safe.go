package main

// Issues an API key for a new integration: 128 bits from crypto/rand in hex.

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
)

func newAPIKey(w http.ResponseWriter, r *http.Request) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		http.Error(w, "try again", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]string{"api_key": "mk_" + hex.EncodeToString(b)})
}

func main() {
	http.HandleFunc("/integrations/keys", newAPIKey)
}
