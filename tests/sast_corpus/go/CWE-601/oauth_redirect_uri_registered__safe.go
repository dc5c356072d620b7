package main

// OAuth authorize endpoint: the redirect_uri must equal the one registered for the client.

import (
	"net/http"
	"net/url"
)

var registered = map[string]string{
	"dashboard": "https://dashboard.example.com/oauth/callback",
	"cli":       "http://127.0.0.1:8085/callback",
}

func issueCode(clientID string) string { return "code-for-" + clientID }

func authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	want, ok := registered[q.Get("client_id")]
	if !ok || q.Get("redirect_uri") != want {
		http.Error(w, "redirect_uri is not registered for this client", http.StatusBadRequest)
		return
	}
	v := url.Values{"code": {issueCode(q.Get("client_id"))}, "state": {q.Get("state")}}
	http.Redirect(w, r, want+"?"+v.Encode(), http.StatusFound)
}

func main() {
	http.HandleFunc("/oauth/authorize", authorize)
}
