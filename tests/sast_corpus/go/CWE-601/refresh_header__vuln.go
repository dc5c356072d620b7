package main

// Download page: starts the download after a delay through a Refresh header pointing to ?file_url=.

import (
	"net/http"
)

func download(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Refresh", "3; url="+r.URL.Query().Get("file_url"))
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("Your download will start in 3 seconds."))
}

func main() {
	http.HandleFunc("/download", download)
}
