package main

// Greets the visitor by the name in the query string through html/template.

import (
	"html/template"
	"net/http"
)

var greeting = template.Must(template.New("greet").Parse(`<h1>Hello, {{.}}!</h1>`))

func greet(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = greeting.Execute(w, r.URL.Query().Get("name"))
}

func main() {
	http.HandleFunc("/greet", greet)
}
