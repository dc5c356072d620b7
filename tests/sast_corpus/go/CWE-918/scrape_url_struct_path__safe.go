package main

// Scrapes Prometheus metrics from the local exporter; the query only names a collector (a word).

import (
	"net/http"
	"net/url"
	"regexp"
)

var collectorName = regexp.MustCompile(`^[a-z_]{1,32}$`)

func scrape(w http.ResponseWriter, r *http.Request) {
	collector := r.URL.Query().Get("collector")
	if !collectorName.MatchString(collector) {
		http.Error(w, "bad collector", http.StatusBadRequest)
		return
	}
	u := url.URL{Scheme: "http", Host: "127.0.0.1:9100", Path: "/metrics/" + collector}
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
