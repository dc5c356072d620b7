package main

// Embeds a widget configuration value from the query into a script, marked as trusted JavaScript.

import (
	"html/template"
	"net/http"
)

var widget = template.Must(template.New("w").Parse(`<script>initWidget({{.}});</script>`))

func widgetPage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = widget.Execute(w, template.JS(r.URL.Query().Get("config")))
}

func main() {
	http.HandleFunc("/widget", widgetPage)
}
