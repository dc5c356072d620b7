package main

// Client for the vendor catalogue; a stalled server blocks the sync loop.

import (
	"net/http"
)

var catalogueClient = &http.Client{
	Transport: &http.Transport{MaxIdleConnsPerHost: 4},
}

func fetchCatalogue(url string) (*http.Response, error) {
	return catalogueClient.Get(url)
}

func main() {
	_, _ = fetchCatalogue("https://catalogue.example.com/index.json")
}
