package main

// E-mail template preview: returns the posted HTML body as a page on the application's origin.

import (
	"io"
	"net/http"
)

func previewTemplate(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		http.Error(w, "read failed", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(body)
}

func main() {
	http.HandleFunc("/templates/preview", previewTemplate)
}
