package main

// Embeds a widget configuration value from the query into a script as a plain string, which
// html/template encodes as a JavaScript string literal.

import (
	"html/template"
	"net/http"
)

var widget = template.Must(template.New("w").Parse(`<script>initWidget({{.}});</script>`))

func widgetPage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = widget.Execute(w, r.URL.Query().Get("config"))
}

func main() {
	http.HandleFunc("/widget", widgetPage)
}
