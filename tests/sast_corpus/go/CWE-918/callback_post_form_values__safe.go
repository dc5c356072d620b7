package main

// Notifies the fixed job tracker when a job is queued; the client's reference goes in the form body.

import (
	"net/http"
	"net/url"
)

func queueJob(w http.ResponseWriter, r *http.Request) {
	form := url.Values{"status": {"queued"}, "ref": {r.FormValue("ref")}}
	resp, err := http.PostForm("https://tracker.internal.example.com/jobs", form)
	if err == nil {
		resp.Body.Close()
	}
	w.WriteHeader(http.StatusAccepted)
}

func main() {
	http.HandleFunc("/jobs/queue", queueJob)
}
