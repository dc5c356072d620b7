package main

// Search page that repeats the query when nothing is found; the type is sniffed as HTML.

import (
	"net/http"
)

func search(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	_, _ = w.Write([]byte("<p>No results for " + q + "</p>"))
}

func main() {
	http.HandleFunc("/search", search)
}
