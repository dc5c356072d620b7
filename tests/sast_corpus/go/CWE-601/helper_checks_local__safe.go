package main

// A redirect helper that falls back to the home page unless the target is a local path
// (browsers drop tabs and newlines, so "/\t/host" would become "//host": control characters are refused).

import (
	"net/http"
	"strings"
	"unicode"
)

func localRedirect(w http.ResponseWriter, r *http.Request, target string) {
	if !strings.HasPrefix(target, "/") || strings.HasPrefix(target, "//") || strings.Contains(target, `\`) ||
		strings.ContainsFunc(target, unicode.IsControl) {
		target = "/"
	}
	http.Redirect(w, r, target, http.StatusFound)
}

func goTo(w http.ResponseWriter, r *http.Request) {
	localRedirect(w, r, r.URL.Query().Get("to"))
}

func main() {
	http.HandleFunc("/go", goTo)
}
