package main

// Client for the vendor catalogue with an overall deadline per request.

import (
	"net/http"
	"time"
)

var catalogueClient = &http.Client{
	Timeout:   30 * time.Second,
	Transport: &http.Transport{MaxIdleConnsPerHost: 4},
}

func fetchCatalogue(url string) (*http.Response, error) {
	return catalogueClient.Get(url)
}

func main() {
	_, _ = fetchCatalogue("https://catalogue.example.com/index.json")
}
