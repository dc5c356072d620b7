package main

// Uploads the request body to the fixed object store; the client's key is escaped into the path.

import (
	"fmt"
	"net/http"
	"net/url"
)

const storeEndpoint = "https://objects.internal.example.com"

func putObject(w http.ResponseWriter, r *http.Request) {
	target := fmt.Sprintf("%s/objects/%s", storeEndpoint, url.PathEscape(r.URL.Query().Get("key")))
	req, err := http.NewRequestWithContext(r.Context(), http.MethodPut, target, r.Body)
	if err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		http.Error(w, "store unreachable", http.StatusBadGateway)
		return
	}
	resp.Body.Close()
	w.WriteHeader(resp.StatusCode)
}

func main() {
	http.HandleFunc("/objects", putObject)
}
