package main

// Renders a Markdown note from the form with goldmark's defaults, which drop raw HTML and
// dangerous link schemes.

import (
	"bytes"
	"net/http"

	"github.com/yuin/goldmark"
)

var md = goldmark.New()

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
