package main

// Calls the registry with a context deadline on each request.

import (
	"context"
	"io"
	"net/http"
	"time"
)

func manifest(ctx context.Context, url string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func main() {
	_, _ = manifest(context.Background(), "https://registry.example.com/v2/")
}
