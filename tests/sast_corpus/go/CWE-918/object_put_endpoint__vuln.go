package main

// Uploads the request body to the object store endpoint the client names in the query.

import (
	"fmt"
	"net/http"
)

func putObject(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	target := fmt.Sprintf("%s/objects/%s", q.Get("endpoint"), q.Get("key"))
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
