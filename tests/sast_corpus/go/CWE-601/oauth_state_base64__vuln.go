package main

// OAuth callback: the return URL travels, base64-encoded and unsigned, in the state parameter.

import (
	"encoding/base64"
	"net/http"
)

func callback(w http.ResponseWriter, r *http.Request) {
	raw, err := base64.RawURLEncoding.DecodeString(r.URL.Query().Get("state"))
	if err != nil {
		http.Error(w, "bad state", http.StatusBadRequest)
		return
	}
	http.Redirect(w, r, string(raw), http.StatusFound)
}

func main() {
	http.HandleFunc("/oauth/callback", callback)
}
