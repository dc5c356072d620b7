package main

// Renders a Markdown note from the form with goldmark's WithUnsafe, which passes raw HTML through.

import (
	"bytes"
	"net/http"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/renderer/html"
)

var md = goldmark.New(goldmark.WithRendererOptions(html.WithUnsafe()))

func renderNote(w http.ResponseWriter, r *http.Request) {
	var out bytes.Buffer
	if err := md.Convert([]byte(r.FormValue("markdown")), &out); err != nil {
		http.Error(w, "bad markdown", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(out.Bytes())
}

func main() {
	http.HandleFunc("/notes/render", renderNote)
}
