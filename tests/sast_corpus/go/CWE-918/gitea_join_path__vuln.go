package main

// Repository mirror: checks the Git server base URL from the form by calling its version API.

import (
	"net/http"
	"net/url"
)

func checkServer(w http.ResponseWriter, r *http.Request) {
	api, err := url.JoinPath(r.FormValue("server"), "api", "v1", "version")
	if err != nil {
		http.Error(w, "bad server", http.StatusBadRequest)
		return
	}
	resp, err := http.Get(api)
	if err != nil {
		http.Error(w, "server unreachable", http.StatusBadGateway)
		return
	}
	resp.Body.Close()
	w.WriteHeader(resp.StatusCode)
}

func main() {
	http.HandleFunc("/mirrors/server", checkServer)
}
