package main

// Author box linking to the author's homepage, only for http(s) URLs, escaped in a quoted attribute.

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
)

func authorBox(w http.ResponseWriter, r *http.Request) {
	home := "#"
	if u, err := url.Parse(r.FormValue("homepage")); err == nil && (u.Scheme == "https" || u.Scheme == "http") {
		home = u.String()
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<div class="author"><a href="%s">Homepage</a></div>`, html.EscapeString(home))
}

func main() {
	http.HandleFunc("/author", authorBox)
}
