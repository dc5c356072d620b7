package main

// Image proxy: re-serves images only from the CDN hosts the site uses.

import (
	"io"
	"net/http"
	"net/url"
	"time"
)

var fetcher = &http.Client{Timeout: 10 * time.Second}

var cdnHosts = map[string]bool{"cdn.example.com": true, "images.example.net": true}

func imageProxy(w http.ResponseWriter, r *http.Request) {
	u, err := url.Parse(r.URL.Query().Get("src"))
	if err != nil || u.Scheme != "https" || !cdnHosts[u.Host] {
		http.Error(w, "source not allowed", http.StatusBadRequest)
		return
	}
	resp, err := fetcher.Get(u.String())
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
