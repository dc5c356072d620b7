package main

// Calls a partner API; the host check only looks for the partner's domain anywhere in the host.

import (
	"net/http"
	"net/url"
	"strings"
)

func partnerCall(w http.ResponseWriter, r *http.Request) {
	u, err := url.Parse(r.URL.Query().Get("endpoint"))
	if err != nil || !strings.Contains(u.Host, "partner.example.com") {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	resp, err := http.Get(u.String())
	if err != nil {
		http.Error(w, "partner unreachable", http.StatusBadGateway)
		return
	}
	resp.Body.Close()
	w.WriteHeader(resp.StatusCode)
}

func main() {
	http.HandleFunc("/partner", partnerCall)
}
