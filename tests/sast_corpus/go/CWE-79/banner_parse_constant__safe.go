package main

// Banner preview: a constant template source; the banner text from the form is data.

import (
	"html/template"
	"net/http"
)

var banner = template.Must(template.New("banner").Parse(`<div class="banner">{{.}}</div>`))

func bannerPreview(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = banner.Execute(w, r.FormValue("text"))
}

func main() {
	http.HandleFunc("/banner/preview", bannerPreview)
}
