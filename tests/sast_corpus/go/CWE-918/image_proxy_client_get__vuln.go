package main

// Image proxy: re-serves the image at the src in the query with a timeout-bound client.

import (
	"io"
	"net/http"
	"time"
)

var fetcher = &http.Client{Timeout: 10 * time.Second}

func imageProxy(w http.ResponseWriter, r *http.Request) {
	src := r.URL.Query().Get("src")
	resp, err := fetcher.Get(src)
	if err != nil {
		http.Error(w, "fetch failed", http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = io.Copy(w, io.LimitReader(resp.Body, 5<<20))
}

func main() {
	http.HandleFunc("/img", imageProxy)
}
