package main

// Issues an API key for a new integration: two math/rand 64-bit values in hex.

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"net/http"
)

func newAPIKey(w http.ResponseWriter, r *http.Request) {
	key := fmt.Sprintf("mk_%016x%016x", rand.Uint64(), rand.Uint64())
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]string{"api_key": key})
}

func main() {
	http.HandleFunc("/integrations/keys", newAPIKey)
}
