package main

// Looks up an image manifest in one of the trusted registries, chosen by name in the JSON body.

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
)

var registries = map[string]string{"dockerhub": "registry-1.docker.io", "ghcr": "ghcr.io"}

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
	host, ok := registries[q.Registry]
	if !ok {
		http.Error(w, "unknown registry", http.StatusBadRequest)
		return
	}
	var u strings.Builder
	u.WriteString("https://" + host)
	u.WriteString("/v2/" + url.PathEscape(q.Image) + "/manifests/" + url.PathEscape(q.Tag))
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
