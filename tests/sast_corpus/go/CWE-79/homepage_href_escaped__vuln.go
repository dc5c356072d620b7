package main

// Author box linking to the author's homepage; escaping does not stop a "javascript:" URL.

import (
	"fmt"
	"html"
	"net/http"
)

func authorBox(w http.ResponseWriter, r *http.Request) {
	home := html.EscapeString(r.FormValue("homepage"))
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<div class="author"><a href="%s">Homepage</a></div>`, home)
}

func main() {
	http.HandleFunc("/author", authorBox)
}
