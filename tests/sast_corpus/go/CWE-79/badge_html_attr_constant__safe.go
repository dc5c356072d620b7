package main

// Renders a badge whose attribute string is chosen from constants by the query.

import (
	"html/template"
	"net/http"
)

var badge = template.Must(template.New("b").Parse(`<span class="badge" {{.}}>new</span>`))

func badgePage(w http.ResponseWriter, r *http.Request) {
	attrs := template.HTMLAttr(`data-color="grey"`)
	if r.URL.Query().Get("color") == "green" {
		attrs = template.HTMLAttr(`data-color="green"`)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = badge.Execute(w, attrs)
}

func main() {
	http.HandleFunc("/badge", badgePage)
}
