package main

// Shows the "about" text submitted by a user, marked as trusted HTML so that formatting survives.

import (
	"html/template"
	"net/http"
)

var about = template.Must(template.New("about").Parse(`<section>{{.}}</section>`))

func aboutPage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = about.Execute(w, template.HTML(r.FormValue("about")))
}

func main() {
	http.HandleFunc("/about", aboutPage)
}
