package main

// Scrapes Prometheus metrics from the exporter host given in the query.

import (
	"net/http"
	"net/url"
)

func scrape(w http.ResponseWriter, r *http.Request) {
	u := url.URL{Scheme: "http", Host: r.URL.Query().Get("exporter"), Path: "/metrics"}
	resp, err := http.Get(u.String())
	if err != nil {
		http.Error(w, "scrape failed", http.StatusBadGateway)
		return
	}
	resp.Body.Close()
	w.WriteHeader(resp.StatusCode)
}

func main() {
	http.HandleFunc("/scrape", scrape)
}
