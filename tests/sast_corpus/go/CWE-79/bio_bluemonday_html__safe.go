package main

// Shows the "about" text submitted by a user, sanitised with bluemonday before it is marked as HTML.

import (
	"html/template"
	"net/http"

	"github.com/microcosm-cc/bluemonday"
)

var (
	about  = template.Must(template.New("about").Parse(`<section>{{.}}</section>`))
	policy = bluemonday.UGCPolicy()
)

func aboutPage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = about.Execute(w, template.HTML(policy.Sanitize(r.FormValue("about"))))
}

func main() {
	http.HandleFunc("/about", aboutPage)
}
