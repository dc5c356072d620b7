package main

// Feed reader: a helper fetches a feed; the handler passes the feed URL from the query.

import (
	"io"
	"net/http"
)

func fetch(feedURL string) ([]byte, error) {
	resp, err := http.Get(feedURL)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(io.LimitReader(resp.Body, 1<<20))
}

func subscribe(w http.ResponseWriter, r *http.Request) {
	if _, err := fetch(r.URL.Query().Get("feed")); err != nil {
		http.Error(w, "feed unreachable", http.StatusBadGateway)
		return
	}
	w.WriteHeader(http.StatusCreated)
}

func main() {
	http.HandleFunc("/feeds/subscribe", subscribe)
}
