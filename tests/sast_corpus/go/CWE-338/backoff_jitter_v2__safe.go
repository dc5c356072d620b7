package main

// Retries a webhook delivery with exponential backoff and math/rand/v2 jitter.

import (
	"math/rand/v2"
	"net/http"
	"time"
)

func deliver(client *http.Client, req *http.Request) (*http.Response, error) {
	var lastErr error
	for attempt := range 5 {
		resp, err := client.Do(req)
		if err == nil {
			return resp, nil
		}
		lastErr = err
		base := time.Duration(1<<attempt) * 200 * time.Millisecond
		time.Sleep(base + rand.N(base))
	}
	return nil, lastErr
}

func main() {
	req, err := http.NewRequest(http.MethodPost, "https://hooks.example.com/deliver", nil)
	if err != nil {
		return
	}
	if resp, err := deliver(&http.Client{Timeout: 10 * time.Second}, req); err == nil {
		resp.Body.Close()
	}
}
