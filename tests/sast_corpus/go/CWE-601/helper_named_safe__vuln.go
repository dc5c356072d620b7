package main

// A helper called safeRedirect that checks nothing; the handler passes ?to= through it.

import (
	"net/http"
)

func safeRedirect(w http.ResponseWriter, r *http.Request, target string) {
	if target == "" {
		target = "/"
	}
	http.Redirect(w, r, target, http.StatusFound)
}

func goTo(w http.ResponseWriter, r *http.Request) {
	safeRedirect(w, r, r.URL.Query().Get("to"))
}

func main() {
	http.HandleFunc("/go", goTo)
}
