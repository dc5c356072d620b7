package main

// Async export: reports completion to the fixed notification service, echoing the client's correlation id.

import (
	"net/http"
	"strings"
)

func export(w http.ResponseWriter, r *http.Request) {
	req, err := http.NewRequest(http.MethodPost, "https://notify.internal.example.com/v1/events", strings.NewReader(`{"export":"done"}`))
	if err != nil {
		http.Error(w, "unavailable", http.StatusInternalServerError)
		return
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Correlation-ID", r.Header.Get("X-Correlation-ID"))
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
	}
	w.WriteHeader(http.StatusAccepted)
}

func main() {
	http.HandleFunc("/exports", export)
}
