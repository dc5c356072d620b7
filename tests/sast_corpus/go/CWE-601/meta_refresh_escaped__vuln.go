package main

// "You are leaving" page that forwards with a meta refresh to ?url=. The value is escaped and must
// be http(s), so no markup or script gets in, but the destination is the attacker's choice.

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
)

func leaving(w http.ResponseWriter, r *http.Request) {
	u, err := url.Parse(r.URL.Query().Get("url"))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		http.Error(w, "bad destination", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<!doctype html><meta http-equiv="refresh" content="0;url=%s"><p>Redirecting…</p>`, html.EscapeString(u.String()))
}

func main() {
	http.HandleFunc("/leaving", leaving)
}
