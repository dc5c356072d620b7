package main

// Newsletter sign-up confirmation echoing the submitted address, escaped with template.HTMLEscapeString.

import (
	"html/template"
	"io"
	"net/http"
)

func subscribe(w http.ResponseWriter, r *http.Request) {
	email := template.HTMLEscapeString(r.PostFormValue("email"))
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = io.WriteString(w, "<p>Thanks! We sent a confirmation to <b>"+email+"</b>.</p>")
}

func main() {
	http.HandleFunc("/subscribe", subscribe)
}
