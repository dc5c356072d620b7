package main

// Serves the stylesheet of the theme remembered in a cookie.

import (
	"net/http"
	"os"
)

func themeCSS(w http.ResponseWriter, r *http.Request) {
	c, err := r.Cookie("theme")
	if err != nil {
		http.NotFound(w, r)
		return
	}
	css, err := os.ReadFile("/usr/share/margo/themes/" + c.Value + ".css")
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/css")
	_, _ = w.Write(css)
}

func main() {
	http.HandleFunc("/theme.css", themeCSS)
}
