package main

// Banner preview: the banner text from the form is made part of the template source, which
// html/template trusts, so markup in it is emitted as is.

import (
	"html/template"
	"net/http"
)

func bannerPreview(w http.ResponseWriter, r *http.Request) {
	t, err := template.New("banner").Parse(`<div class="banner">` + r.FormValue("text") + `</div>`)
	if err != nil {
		http.Error(w, "bad banner", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = t.Execute(w, nil)
}

func main() {
	http.HandleFunc("/banner/preview", bannerPreview)
}
