package main

// Newsletter sign-up confirmation echoing the submitted address.

import (
	"io"
	"net/http"
)

func subscribe(w http.ResponseWriter, r *http.Request) {
	email := r.PostFormValue("email")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = io.WriteString(w, "<p>Thanks! We sent a confirmation to <b>"+email+"</b>.</p>")
}

func main() {
	http.HandleFunc("/subscribe", subscribe)
}
