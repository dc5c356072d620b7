package main

// Search form that keeps the query in the box; html.EscapeString is used, but the attribute is
// unquoted, so "x onfocus=alert(1) autofocus" adds attributes.

import (
	"fmt"
	"html"
	"net/http"
)

func searchForm(w http.ResponseWriter, r *http.Request) {
	q := html.EscapeString(r.URL.Query().Get("q"))
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<form action="/search"><input name=q value=%s><button>Search</button></form>`, q)
}

func main() {
	http.HandleFunc("/search/form", searchForm)
}
