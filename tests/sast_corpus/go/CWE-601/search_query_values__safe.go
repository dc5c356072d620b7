package main

// Quick-search box: redirects to the local search page with the user's text as a query value.

import (
	"net/http"
	"net/url"
)

func quickSearch(w http.ResponseWriter, r *http.Request) {
	target := "/search?" + url.Values{"q": {r.FormValue("q")}}.Encode()
	http.Redirect(w, r, target, http.StatusSeeOther)
}

func main() {
	http.HandleFunc("/quick-search", quickSearch)
}
