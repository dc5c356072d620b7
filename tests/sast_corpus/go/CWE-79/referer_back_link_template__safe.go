package main

// Access-denied page with a "go back" link to the Referer, rendered by html/template.

import (
	"html/template"
	"net/http"
)

var deniedPage = template.Must(template.New("d").Parse(`<p>Access denied.</p><p><a href="{{.}}">Go back</a></p>`))

func denied(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusForbidden)
	_ = deniedPage.Execute(w, r.Referer())
}

func main() {
	http.HandleFunc("/denied", denied)
}
