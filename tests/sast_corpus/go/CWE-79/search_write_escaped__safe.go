package main

// Search page that repeats the query, escaped, when nothing is found.

import (
	"html"
	"net/http"
)

func search(w http.ResponseWriter, r *http.Request) {
	q := html.EscapeString(r.URL.Query().Get("q"))
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write([]byte("<p>No results for " + q + "</p>"))
}

func main() {
	http.HandleFunc("/search", search)
}
