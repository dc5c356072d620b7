package main

// Notification list: each item is formatted into markup and marked as template.HTML.

import (
	"fmt"
	"html/template"
	"net/http"
)

var list = template.Must(template.New("n").Parse(`<ul>{{range .}}<li>{{.}}</li>{{end}}</ul>`))

func notifications(w http.ResponseWriter, r *http.Request) {
	from := r.URL.Query().Get("from")
	items := []template.HTML{
		template.HTML(fmt.Sprintf("<b>%s</b> mentioned you", from)),
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = list.Execute(w, items)
}

func main() {
	http.HandleFunc("/notifications", notifications)
}
