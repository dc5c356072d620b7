package main

// Download page: starts the download after a delay through a Refresh header pointing to the
// http(s) URL in ?file_url=, whatever its host.

import (
	"net/http"
	"net/url"
)

func download(w http.ResponseWriter, r *http.Request) {
	u, err := url.Parse(r.URL.Query().Get("file_url"))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		http.Error(w, "bad file URL", http.StatusBadRequest)
		return
	}
	w.Header().Set("Refresh", "3; url="+u.String())
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("Your download will start in 3 seconds."))
}

func main() {
	http.HandleFunc("/download", download)
}
