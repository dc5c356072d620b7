package main

// Redirects to a destination that arrives URL-encoded twice in ?d=.

import (
	"net/http"
	"net/url"
)

func decodeAndGo(w http.ResponseWriter, r *http.Request) {
	dest, err := url.QueryUnescape(r.URL.Query().Get("d"))
	if err != nil {
		http.Error(w, "bad destination", http.StatusBadRequest)
		return
	}
	http.Redirect(w, r, dest, http.StatusFound)
}

func main() {
	http.HandleFunc("/d", decodeAndGo)
}
