package main

// OAuth callback: the state parameter carries a return path with an HMAC made when the flow started,
// so only paths this server chose come back.

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"os"
	"strings"
)

var stateKey = []byte(os.Getenv("OAUTH_STATE_KEY"))

func callback(w http.ResponseWriter, r *http.Request) {
	path, sig, ok := strings.Cut(r.URL.Query().Get("state"), ".")
	mac := hmac.New(sha256.New, stateKey)
	mac.Write([]byte(path))
	want := base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
	if !ok || !hmac.Equal([]byte(sig), []byte(want)) || !strings.HasPrefix(path, "/") || strings.HasPrefix(path, "//") {
		http.Error(w, "bad state", http.StatusBadRequest)
		return
	}
	http.Redirect(w, r, path, http.StatusFound)
}

func main() {
	http.HandleFunc("/oauth/callback", callback)
}
