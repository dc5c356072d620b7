package main

// Looks up an image manifest in the registry named in the JSON body.

import (
	"encoding/json"
	"net/http"
	"strings"
)

type manifestQuery struct {
	Registry string `json:"registry"`
	Image    string `json:"image"`
	Tag      string `json:"tag"`
}

func manifest(w http.ResponseWriter, r *http.Request) {
	var q manifestQuery
	if err := json.NewDecoder(r.Body).Decode(&q); err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	var u strings.Builder
	u.WriteString("https://")
	u.WriteString(q.Registry)
	u.WriteString("/v2/" + q.Image + "/manifests/" + q.Tag)
	resp, err := http.Get(u.String())
	if err != nil {
		http.Error(w, "registry unreachable", http.StatusBadGateway)
		return
	}
	resp.Body.Close()
	w.WriteHeader(resp.StatusCode)
}

func main() {
	http.HandleFunc("/manifests", manifest)
}
