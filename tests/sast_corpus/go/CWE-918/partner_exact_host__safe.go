package main

// Calls a partner API; the parsed host must equal the partner's host exactly.

import (
	"net/http"
	"net/url"
)

func partnerCall(w http.ResponseWriter, r *http.Request) {
	u, err := url.Parse(r.URL.Query().Get("endpoint"))
	if err != nil || u.Scheme != "https" || u.Host != "api.partner.example.com" || u.User != nil {
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
