package main

// Reads a metric series; the JSON body is decoded into a map and its "host" value formatted into SQL.

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
)

var db *sql.DB

func series(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	q := fmt.Sprintf("SELECT ts, value FROM metrics WHERE host = '%v' ORDER BY ts", body["host"])
	rows, err := db.Query(q)
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
