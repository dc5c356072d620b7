package main

// Imports a CSV from a URL on the company's file share host, over https.

import (
	"net/http"
	"net/url"
)

func importCSV(w http.ResponseWriter, r *http.Request) {
	u, err := url.Parse(r.FormValue("source"))
	if err != nil || u.Scheme != "https" || u.Host != "files.example.com" {
		http.Error(w, "only https://files.example.com/ sources", http.StatusBadRequest)
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
