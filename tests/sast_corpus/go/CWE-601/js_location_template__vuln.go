package main

// Interstitial page that sends the browser on with JavaScript; html/template escapes the value
// for the script context, but the destination is still ?to=.

import (
	"html/template"
	"net/http"
)

var interstitial = template.Must(template.New("i").Parse(
	`<!doctype html><p>One moment…</p><script>window.location.href = {{.}};</script>`))

func hop(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = interstitial.Execute(w, r.URL.Query().Get("to"))
}

func main() {
	http.HandleFunc("/hop", hop)
}
