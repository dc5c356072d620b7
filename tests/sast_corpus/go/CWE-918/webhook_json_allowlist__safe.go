package main

// Sends a test delivery to the webhook URL in the JSON body if its host is a registered receiver.

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
)

var receivers = []string{"hooks.slack.com", "events.pagerduty.com"}

type webhookTest struct {
	URL string `json:"url"`
}

func testWebhook(w http.ResponseWriter, r *http.Request) {
	var req webhookTest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	u, err := url.Parse(req.URL)
	if err != nil || u.Scheme != "https" || !slices.Contains(receivers, u.Host) {
		http.Error(w, "receiver not registered", http.StatusBadRequest)
		return
	}
	resp, err := http.Post(u.String(), "application/json", bytes.NewReader([]byte(`{"event":"ping"}`)))
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
