package main

// Home page that welcomes back the display name stored in a cookie.

import (
	"fmt"
	"net/http"
)

func home(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if c, err := r.Cookie("display_name"); err == nil {
		fmt.Fprintf(w, "<p class=\"welcome\">Welcome back, %s</p>", c.Value)
		return
	}
	fmt.Fprint(w, "<p class=\"welcome\">Welcome!</p>")
}

func main() {
	http.HandleFunc("/", home)
}
