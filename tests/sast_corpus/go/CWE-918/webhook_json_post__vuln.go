package main

// Sends a test delivery to the webhook URL in the JSON body.

import (
	"bytes"
	"encoding/json"
	"net/http"
)

type webhookTest struct {
	URL string `json:"url"`
}

func testWebhook(w http.ResponseWriter, r *http.Request) {
	var req webhookTest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	resp, err := http.Post(req.URL, "application/json", bytes.NewReader([]byte(`{"event":"ping"}`)))
	if err != nil {
		http.Error(w, "delivery failed", http.StatusBadGateway)
		return
	}
	resp.Body.Close()
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/webhooks/test", testWebhook)
}
