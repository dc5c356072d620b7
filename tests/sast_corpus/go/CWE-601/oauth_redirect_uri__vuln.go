package main

// OAuth authorize endpoint: sends the code to the redirect_uri the client passed, unchecked.

import (
	"net/http"
	"net/url"
)

func issueCode(clientID string) string { return "code-for-" + clientID }

func authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirectURI := q.Get("redirect_uri")
	v := url.Values{"code": {issueCode(q.Get("client_id"))}, "state": {q.Get("state")}}
	http.Redirect(w, r, redirectURI+"?"+v.Encode(), http.StatusFound)
}

func main() {
	http.HandleFunc("/oauth/authorize", authorize)
}
