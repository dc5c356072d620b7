package main

// Maintenance page that forwards to the status site with a meta refresh; the query only sets the
// (escaped) reason shown on the page.

import (
	"fmt"
	"html"
	"net/http"
)

func maintenance(w http.ResponseWriter, r *http.Request) {
	reason := html.EscapeString(r.URL.Query().Get("reason"))
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<!doctype html><meta http-equiv="refresh" content="5;url=https://status.example.com/"><p>%s</p>`, reason)
}

func main() {
	http.HandleFunc("/maintenance", maintenance)
}
