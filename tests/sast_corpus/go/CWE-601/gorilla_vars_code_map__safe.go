package main

// Short links with gorilla/mux: /r/{code} forwards to the link stored under that code.

import (
	"net/http"
	"sync"

	"github.com/gorilla/mux"
)

var (
	mu    sync.RWMutex
	links = map[string]string{"handbook": "https://handbook.example.com/"}
)

func shortLink(w http.ResponseWriter, r *http.Request) {
	mu.RLock()
	dest, ok := links[mux.Vars(r)["code"]]
	mu.RUnlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	http.Redirect(w, r, dest, http.StatusMovedPermanently)
}

func main() {
	router := mux.NewRouter()
	router.HandleFunc("/r/{code}", shortLink)
}
