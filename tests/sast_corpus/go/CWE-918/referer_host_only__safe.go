package main

// Analytics beacon: records the referring host; nothing is fetched.

import (
	"log"
	"net/http"
	"net/url"
)

func beacon(w http.ResponseWriter, r *http.Request) {
	if u, err := url.Parse(r.Referer()); err == nil && u.Host != "" {
		log.Printf("referral from %q", u.Hostname())
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/beacon", beacon)
}
