package main

// Redirects to ?dest= after checking only that it uses https.

import (
	"net/http"
	"net/url"
)

func secureBounce(w http.ResponseWriter, r *http.Request) {
	u, err := url.Parse(r.URL.Query().Get("dest"))
	if err != nil || u.Scheme != "https" {
		http.Error(w, "https only", http.StatusBadRequest)
		return
	}
	http.Redirect(w, r, u.String(), http.StatusFound)
}

func main() {
	http.HandleFunc("/secure-bounce", secureBounce)
}
