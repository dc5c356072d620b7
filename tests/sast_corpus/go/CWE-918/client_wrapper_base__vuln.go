package main

// A small API client type; the handler builds one with the base URL taken from the query.

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

func pingAPI(w http.ResponseWriter, r *http.Request) {
	c := &apiClient{base: r.URL.Query().Get("base"), http: http.DefaultClient}
	code, err := c.ping(r.Context())
	if err != nil {
		http.Error(w, "unreachable", http.StatusBadGateway)
		return
	}
	w.WriteHeader(code)
}

func main() {
	http.HandleFunc("/api/ping", pingAPI)
}
