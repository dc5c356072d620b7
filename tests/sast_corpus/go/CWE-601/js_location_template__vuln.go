package main

// Interstitial page that sends the browser on with JavaScript. Only http(s) destinations are
// accepted (so no "javascript:" URL) and html/template escapes the value for the script context,
// but any host will do.

import (
	"html/template"
	"net/http"
	"net/url"
)

var interstitial = template.Must(template.New("i").Parse(
	`<!doctype html><p>One moment…</p><script>window.location.href = {{.}};</script>`))

func hop(w http.ResponseWriter, r *http.Request) {
	u, err := url.Parse(r.URL.Query().Get("to"))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		http.Error(w, "bad destination", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = interstitial.Execute(w, u.String())
}

func main() {
	http.HandleFunc("/hop", hop)
}
