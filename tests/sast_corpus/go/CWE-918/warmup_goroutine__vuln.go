package main

// Cache warm-up: fetches the page posted in the form in the background.

import (
	"net/http"
)

func warm(w http.ResponseWriter, r *http.Request) {
	page := r.PostFormValue("page")
	go func(u string) {
		if resp, err := http.Get(u); err == nil {
			resp.Body.Close()
		}
	}(page)
	w.WriteHeader(http.StatusAccepted)
}

func main() {
	http.HandleFunc("/cache/warm", warm)
}
