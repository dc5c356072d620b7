package main

// HTTP client of the metrics collector.

import (
	"crypto/tls"
	"net/http"
	"time"
)

func collectorClient() *http.Client {
	transport := &http.Transport{
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true},
	}
	return &http.Client{Transport: transport, Timeout: 10 * time.Second}
}

func main() {
	_ = collectorClient()
}
