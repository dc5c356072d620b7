package main

// A "safe" template function marks values as HTML; the signature text from the form goes through it.

import (
	"html/template"
	"net/http"
)

var page = template.Must(template.New("sig").Funcs(template.FuncMap{
	"safe": func(s string) template.HTML { return template.HTML(s) },
}).Parse(`<div class="signature">{{.Signature | safe}}</div>`))

func signature(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = page.Execute(w, struct{ Signature string }{r.FormValue("signature")})
}

func main() {
	http.HandleFunc("/signature", signature)
}
