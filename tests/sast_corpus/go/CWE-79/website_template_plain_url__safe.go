package main

// Links to the homepage a user entered as a plain string; html/template replaces unsafe schemes
// with "#ZgotmplZ" and escapes the rest.

import (
	"html/template"
	"net/http"
)

var link = template.Must(template.New("link").Parse(`<a href="{{.}}" rel="nofollow">website</a>`))

func website(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = link.Execute(w, r.URL.Query().Get("site"))
}

func main() {
	http.HandleFunc("/website", website)
}
