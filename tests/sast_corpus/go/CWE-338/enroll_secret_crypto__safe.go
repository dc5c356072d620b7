package main

// Device enrollment: the shared secret a new device presents once is 256 bits from crypto/rand.

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net/http"
)

type enrollment struct {
	DeviceID string `json:"device_id"`
	Secret   string `json:"secret"`
}

func enroll(w http.ResponseWriter, r *http.Request) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		http.Error(w, "try again", http.StatusInternalServerError)
		return
	}
	e := enrollment{DeviceID: r.PostFormValue("device_id"), Secret: base64.RawURLEncoding.EncodeToString(b)}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(e)
}

func main() {
	http.HandleFunc("/devices/enroll", enroll)
}
