package main

// A layout helper writes the page shell and escapes the title it is given.

import (
	"fmt"
	"html"
	"net/http"
)

func renderPage(w http.ResponseWriter, title string) {
	t := html.EscapeString(title)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, "<!doctype html><title>%s</title><h1>%s</h1><p>Report generated.</p>", t, t)
}

func report(w http.ResponseWriter, r *http.Request) {
	renderPage(w, r.URL.Query().Get("title"))
}

func main() {
	http.HandleFunc("/report", report)
}
