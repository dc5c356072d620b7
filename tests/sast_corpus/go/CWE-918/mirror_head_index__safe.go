package main

// Checks that one of the official mirrors, chosen by index, serves the release file.

import (
	"net/http"
	"strconv"
)

var mirrors = []string{"https://mirror1.example.org", "https://mirror2.example.org"}

func checkMirror(w http.ResponseWriter, r *http.Request) {
	i, err := strconv.Atoi(r.PostFormValue("mirror"))
	if err != nil || i < 0 || i >= len(mirrors) {
		http.Error(w, "unknown mirror", http.StatusBadRequest)
		return
	}
	resp, err := http.Head(mirrors[i] + "/releases/latest.tar.gz")
	if err != nil {
		http.Error(w, "mirror unreachable", http.StatusBadGateway)
		return
	}
	resp.Body.Close()
	w.WriteHeader(resp.StatusCode)
}

func main() {
	http.HandleFunc("/mirrors/check", checkMirror)
}
