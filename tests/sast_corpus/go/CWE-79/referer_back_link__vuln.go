package main

// Access-denied page with a "go back" link to the Referer.

import (
	"fmt"
	"net/http"
)

func denied(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusForbidden)
	fmt.Fprintf(w, `<p>Access denied.</p><p><a href="%s">Go back</a></p>`, r.Referer())
}

func main() {
	http.HandleFunc("/denied", denied)
}
