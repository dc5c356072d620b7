package main

// Checks that a mirror posted in the form serves the release file (HEAD request).

import (
	"net/http"
	"strings"
)

func checkMirror(w http.ResponseWriter, r *http.Request) {
	mirror := strings.TrimSuffix(r.PostFormValue("mirror"), "/")
	resp, err := http.Head(mirror + "/releases/latest.tar.gz")
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
