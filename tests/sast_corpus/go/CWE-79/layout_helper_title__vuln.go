package main

// A layout helper writes the page shell; the handler passes the title from the query.

import (
	"fmt"
	"net/http"
)

func renderPage(w http.ResponseWriter, title, body string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, "<!doctype html><title>%s</title><h1>%s</h1>%s", title, title, body)
}

func report(w http.ResponseWriter, r *http.Request) {
	renderPage(w, r.URL.Query().Get("title"), "<p>Report generated.</p>")
}

func main() {
	http.HandleFunc("/report", report)
}
