package main

// Link preview: fetches the page at the URL given in the query string and reports its status.

import (
	"fmt"
	"net/http"
)

func preview(w http.ResponseWriter, r *http.Request) {
	resp, err := http.Get(r.URL.Query().Get("url"))
	if err != nil {
		http.Error(w, "fetch failed", http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	w.Header().Set("X-Preview-Status", fmt.Sprint(resp.StatusCode))
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/preview", preview)
}
