package main

// Interstitial page that sends the browser on with JavaScript to one of the known app sections.

import (
	"html/template"
	"net/http"
)

var interstitial = template.Must(template.New("i").Parse(
	`<!doctype html><p>One moment…</p><script>window.location.href = {{.}};</script>`))

var sections = map[string]string{"billing": "/billing/", "settings": "/settings/"}

func hop(w http.ResponseWriter, r *http.Request) {
	dest, ok := sections[r.URL.Query().Get("to")]
	if !ok {
		dest = "/"
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = interstitial.Execute(w, dest)
}

func main() {
	http.HandleFunc("/hop", hop)
}
