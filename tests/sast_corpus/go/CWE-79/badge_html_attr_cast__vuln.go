package main

// Renders a badge with extra attributes from the query, marked as a trusted attribute string.

import (
	"html/template"
	"net/http"
)

var badge = template.Must(template.New("b").Parse(`<span class="badge" {{.}}>new</span>`))

func badgePage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = badge.Execute(w, template.HTMLAttr(r.URL.Query().Get("attrs")))
}

func main() {
	http.HandleFunc("/badge", badgePage)
}
