package main

// Notifies the callback URL given by the client when a job is queued.

import (
	"net/http"
	"net/url"
)

func queueJob(w http.ResponseWriter, r *http.Request) {
	callback := r.FormValue("callback")
	resp, err := http.PostForm(callback, url.Values{"status": {"queued"}})
	if err == nil {
		resp.Body.Close()
	}
	w.WriteHeader(http.StatusAccepted)
}

func main() {
	http.HandleFunc("/jobs/queue", queueJob)
}
