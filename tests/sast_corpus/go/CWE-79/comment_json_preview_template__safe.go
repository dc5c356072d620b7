package main

// Comment preview: renders the comment from a JSON body with html/template.

import (
	"encoding/json"
	"html/template"
	"net/http"
)

type comment struct {
	Author string `json:"author"`
	Text   string `json:"text"`
}

var item = template.Must(template.New("li").Parse(`<li><strong>{{.Author}}</strong>: {{.Text}}</li>`))

func preview(w http.ResponseWriter, r *http.Request) {
	var c comment
	if err := json.NewDecoder(r.Body).Decode(&c); err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = item.Execute(w, c)
}

func main() {
	http.HandleFunc("/comments/preview", preview)
}
