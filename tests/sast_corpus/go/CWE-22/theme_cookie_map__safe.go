package main

// Serves the stylesheet of the theme remembered in a cookie; the cookie only picks from known themes.

import (
	"net/http"
	"os"
)

var themeFiles = map[string]string{
	"light": "/usr/share/margo/themes/light.css",
	"dark":  "/usr/share/margo/themes/dark.css",
}

func themeCSS(w http.ResponseWriter, r *http.Request) {
	path := themeFiles["light"]
	if c, err := r.Cookie("theme"); err == nil {
		if p, ok := themeFiles[c.Value]; ok {
			path = p
		}
	}
	css, err := os.ReadFile(path)
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
