package main

// Pages through the event log; page size and offset come from the query string as text.

import (
	"database/sql"
	"fmt"
	"net/http"
)

var db *sql.DB

func events(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, offset := q.Get("limit"), q.Get("offset")
	rows, err := db.Query(fmt.Sprintf("SELECT id, kind FROM events ORDER BY id LIMIT %s OFFSET %s", limit, offset))
	if err != nil {
		http.Error(w, "query failed", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	w.WriteHeader(http.StatusOK)
}

func main() {
	http.HandleFunc("/events", events)
}
