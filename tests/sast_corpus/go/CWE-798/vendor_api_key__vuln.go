package main

// Client of the vendor's telemetry API.

import "net/http"

func telemetryRequest(url string) (*http.Request, error) {
	apiKey := "tk_live_8c1f7e2a9b3d4c5e6f708192"
	req, err := http.NewRequest(http.MethodPost, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("X-API-Key", apiKey)
	return req, nil
}

func main() {}
