package main

// Renders a profile card with html/template, which escapes by context.

import (
	"html/template"
	"net/http"
)

type card struct {
	Name string
	Bio  string
}

var cardTmpl = template.Must(template.New("card").Parse(
	`<div class="card"><h2>{{.Name}}</h2><p>{{.Bio}}</p></div>`))

func profileCard(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = cardTmpl.Execute(w, card{Name: r.FormValue("name"), Bio: r.FormValue("bio")})
}

func main() {
	http.HandleFunc("/card", profileCard)
}
