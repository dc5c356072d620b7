package main

// Starts an OAuth login; the anti-CSRF state value comes from crypto/rand.

import (
	"crypto/rand"
	"net/http"
	"net/url"
)

func startOAuth(w http.ResponseWriter, r *http.Request) {
	state := rand.Text()
	http.SetCookie(w, &http.Cookie{Name: "oauth_state", Value: state, Path: "/oauth", Secure: true, HttpOnly: true, MaxAge: 600})
	q := url.Values{"client_id": {"margo"}, "response_type": {"code"}, "state": {state}}
	http.Redirect(w, r, "https://id.example.com/authorize?"+q.Encode(), http.StatusFound)
}

func main() {
	http.HandleFunc("/oauth/start", startOAuth)
}
