package main

// Checkout API: answers with a Location header pointing to the return URL in the JSON body.

import (
	"encoding/json"
	"net/http"
)

type checkout struct {
	CartID    string `json:"cart_id"`
	ReturnURL string `json:"return_url"`
}

func startCheckout(w http.ResponseWriter, r *http.Request) {
	var c checkout
	if err := json.NewDecoder(r.Body).Decode(&c); err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	w.Header().Set("Location", c.ReturnURL)
	w.WriteHeader(http.StatusFound)
}

func main() {
	http.HandleFunc("/checkout", startCheckout)
}
