package main

// After a successful login, sends the user to the page in ?next=.

import (
	"net/http"
)

func afterLogin(w http.ResponseWriter, r *http.Request) {
	next := r.URL.Query().Get("next")
	if next == "" {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusFound)
}

func main() {
	http.HandleFunc("/login/done", afterLogin)
}
