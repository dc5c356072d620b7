package main

// Checkout API: answers with a Location header to the return URL only on the shop's own hosts.

import (
	"encoding/json"
	"net/http"
	"net/url"
)

var shopHosts = map[string]bool{"shop.example.com": true, "m.shop.example.com": true}

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
	u, err := url.Parse(c.ReturnURL)
	if err != nil || u.Scheme != "https" || !shopHosts[u.Host] {
		http.Error(w, "return URL not allowed", http.StatusBadRequest)
		return
	}
	w.Header().Set("Location", u.String())
	w.WriteHeader(http.StatusFound)
}

func main() {
	http.HandleFunc("/checkout", startCheckout)
}
