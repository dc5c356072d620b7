package main

// Outbound link tracker: /out/{id} counts the click and forwards to the partner link with that id.

import (
	"net/http"
	"sync/atomic"
)

var clicks atomic.Int64

var partnerLinks = map[string]string{
	"docs":   "https://docs.partner.example.com/",
	"status": "https://status.partner.example.com/",
}

func outbound(w http.ResponseWriter, r *http.Request) {
	target, ok := partnerLinks[r.PathValue("id")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	clicks.Add(1)
	http.Redirect(w, r, target, http.StatusFound)
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /out/{id}", outbound)
}
