package main

// Status endpoint that echoes the display name stored in a cookie as plain text, with nosniff.

import (
	"fmt"
	"net/http"
)

func whoami(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if c, err := r.Cookie("display_name"); err == nil {
		fmt.Fprintf(w, "signed in as %s\n", c.Value)
		return
	}
	fmt.Fprint(w, "not signed in\n")
}

func main() {
	http.HandleFunc("/whoami", whoami)
}
