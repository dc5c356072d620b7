package main

// "You are leaving" page that forwards with a meta refresh to ?url= (escaped, so no markup injection,
// but the destination is the attacker's choice).

import (
	"fmt"
	"html"
	"net/http"
)

func leaving(w http.ResponseWriter, r *http.Request) {
	dest := html.EscapeString(r.URL.Query().Get("url"))
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<!doctype html><meta http-equiv="refresh" content="0;url=%s"><p>Redirecting…</p>`, dest)
}

func main() {
	http.HandleFunc("/leaving", leaving)
}
