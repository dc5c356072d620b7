package main

// Imports a CSV from a URL; only the scheme is checked, so any host (metadata services included) is allowed.

import (
	"net/http"
	"net/url"
)

func importCSV(w http.ResponseWriter, r *http.Request) {
	u, err := url.Parse(r.FormValue("source"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		http.Error(w, "http(s) only", http.StatusBadRequest)
		return
	}
	resp, err := http.Get(u.String())
	if err != nil {
		http.Error(w, "source unreachable", http.StatusBadGateway)
		return
	}
	resp.Body.Close()
	w.WriteHeader(http.StatusAccepted)
}

func main() {
	http.HandleFunc("/import", importCSV)
}
