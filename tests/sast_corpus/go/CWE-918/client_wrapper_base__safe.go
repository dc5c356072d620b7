package main

// A small API client type built once with the configured base URL; the handler only calls it.

import (
	"context"
	"net/http"
)

type apiClient struct {
	base string
	http *http.Client
}

func (c *apiClient) ping(ctx context.Context) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/ping", nil)
	if err != nil {
		return 0, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

var api = &apiClient{base: "https://api.internal.example.com", http: http.DefaultClient}

func pingAPI(w http.ResponseWriter, r *http.Request) {
	code, err := api.ping(r.Context())
	if err != nil {
		http.Error(w, "unreachable", http.StatusBadGateway)
		return
	}
	w.WriteHeader(code)
}

func main() {
	http.HandleFunc("/api/ping", pingAPI)
}
