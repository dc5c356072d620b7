package main

// Builds an invoice page with a strings.Builder; the customer reference is escaped on the way in.

import (
	"html"
	"net/http"
	"strings"
)

func invoicePage(w http.ResponseWriter, r *http.Request) {
	var b strings.Builder
	b.WriteString("<!doctype html><html><body><h1>Invoice</h1>")
	b.WriteString("<p>Your reference: ")
	b.WriteString(html.EscapeString(r.FormValue("reference")))
	b.WriteString("</p></body></html>")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write([]byte(b.String()))
}

func main() {
	http.HandleFunc("/invoice", invoicePage)
}
