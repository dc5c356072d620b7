package main

// Debug endpoint returning the caller's user agent as JSON (the encoder also escapes <, > and &).

import (
	"encoding/json"
	"net/http"
)

func debugClient(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]string{"user_agent": r.UserAgent()})
}

func main() {
	http.HandleFunc("/debug/client", debugClient)
}
