package main

// Device enrollment: the shared secret a new device presents once is a math/rand Uint32.

import (
	"encoding/json"
	"math/rand"
	"net/http"
)

type enrollment struct {
	DeviceID string `json:"device_id"`
	Secret   uint32 `json:"secret"`
}

func enroll(w http.ResponseWriter, r *http.Request) {
	e := enrollment{DeviceID: r.PostFormValue("device_id"), Secret: rand.Uint32()}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(e)
}

func main() {
	http.HandleFunc("/devices/enroll", enroll)
}
