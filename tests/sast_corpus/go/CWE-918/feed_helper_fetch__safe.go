package main

// Feed reader: a helper fetches a feed from the fixed aggregator; the query gives a numeric feed id.

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
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
	id, err := strconv.Atoi(r.URL.Query().Get("feed"))
	if err != nil {
		http.Error(w, "bad feed id", http.StatusBadRequest)
		return
	}
	if _, err := fetch(fmt.Sprintf("https://feeds.example.com/v2/feeds/%d.xml", id)); err != nil {
		http.Error(w, "feed unreachable", http.StatusBadGateway)
		return
	}
	w.WriteHeader(http.StatusCreated)
}

func main() {
	http.HandleFunc("/feeds/subscribe", subscribe)
}
