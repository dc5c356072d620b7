package main

// Imports an avatar from Gravatar; the e-mail from the form only becomes a hash in the path.

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
)

func importAvatar(w http.ResponseWriter, r *http.Request) {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(r.FormValue("email")))))
	resp, err := http.Get("https://www.gravatar.com/avatar/" + hex.EncodeToString(sum[:]))
	if err != nil {
		http.Error(w, "fetch failed", http.StatusBadGateway)
		return
	}
	resp.Body.Close()
	w.WriteHeader(http.StatusCreated)
}

func main() {
	http.HandleFunc("/me/avatar/import", importAvatar)
}
