package main

// Upload confirmation page that names the uploaded file.

import (
	"fmt"
	"net/http"
)

func uploaded(w http.ResponseWriter, r *http.Request) {
	f, hdr, err := r.FormFile("file")
	if err != nil {
		http.Error(w, "no file", http.StatusBadRequest)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, "<p>Received <code>%s</code> (%d bytes).</p>", hdr.Filename, hdr.Size)
}

func main() {
	http.HandleFunc("/upload", uploaded)
}
