package main

// Short links with gorilla/mux: /r/{dest} forwards to the URL-encoded destination in the route.

import (
	"net/http"
	"net/url"

	"github.com/gorilla/mux"
)

func shortLink(w http.ResponseWriter, r *http.Request) {
	dest, err := url.PathUnescape(mux.Vars(r)["dest"])
	if err != nil {
		http.NotFound(w, r)
		return
	}
	http.Redirect(w, r, dest, http.StatusMovedPermanently)
}

func main() {
	router := mux.NewRouter()
	router.HandleFunc("/r/{dest}", shortLink)
}
