package main

// A "safe" template function marks the site's own banner markup as HTML; the user's signature
// is rendered as a plain, escaped string.

import (
	"html/template"
	"net/http"
)

const banner = `<strong>Beta</strong> features are on.`

var page = template.Must(template.New("sig").Funcs(template.FuncMap{
	"safe": func(s string) template.HTML { return template.HTML(s) },
}).Parse(`{{.Banner | safe}}<div class="signature">{{.Signature}}</div>`))

func signature(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = page.Execute(w, struct{ Banner, Signature string }{banner, r.FormValue("signature")})
}

func main() {
	http.HandleFunc("/signature", signature)
}
