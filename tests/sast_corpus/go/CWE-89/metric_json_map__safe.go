package main

// Reads a metric series; the "host" value of the decoded JSON map is bound as a parameter.

import (
	"database/sql"
	"encoding/json"
	"net/http"
)

var db *sql.DB

func series(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	host, ok := body["host"].(string)
	if !ok {
		http.Error(w, "host missing", http.StatusBadRequest)
		return
	}
	rows, err := db.Query("SELECT ts, value FROM metrics WHERE host = ? ORDER BY ts", host)
	if err != nil {
		http.Error(w, "query failed", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	w.WriteHeader(http.StatusOK)
}

func main() {
	http.HandleFunc("/metrics/series", series)
}
