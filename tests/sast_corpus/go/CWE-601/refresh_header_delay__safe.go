package main

// Session-expired page: returns to the login page through a Refresh header after the delay in ?s=.

import (
	"fmt"
	"net/http"
	"strconv"
)

func expired(w http.ResponseWriter, r *http.Request) {
	delay, err := strconv.Atoi(r.URL.Query().Get("s"))
	if err != nil || delay < 0 || delay > 30 {
		delay = 5
	}
	w.Header().Set("Refresh", fmt.Sprintf("%d; url=/login", delay))
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("Your session has expired."))
}

func main() {
	http.HandleFunc("/expired", expired)
}
