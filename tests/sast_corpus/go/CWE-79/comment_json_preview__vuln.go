package main

// Comment preview: renders the comment from a JSON body as an HTML fragment.

import (
	"encoding/json"
	"fmt"
	"net/http"
)

type comment struct {
	Author string `json:"author"`
	Text   string `json:"text"`
}

func preview(w http.ResponseWriter, r *http.Request) {
	var c comment
	if err := json.NewDecoder(r.Body).Decode(&c); err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, "<li><strong>%s</strong>: %s</li>", c.Author, c.Text)
}

func main() {
	http.HandleFunc("/comments/preview", preview)
}
