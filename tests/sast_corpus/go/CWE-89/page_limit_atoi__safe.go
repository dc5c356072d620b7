package main

// Pages through the event log; page size and offset are parsed as integers before formatting.

import (
	"database/sql"
	"fmt"
	"net/http"
	"strconv"
)

var db *sql.DB

func events(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, err1 := strconv.Atoi(q.Get("limit"))
	offset, err2 := strconv.Atoi(q.Get("offset"))
	if err1 != nil || err2 != nil || limit < 1 || limit > 500 || offset < 0 {
		http.Error(w, "bad paging", http.StatusBadRequest)
		return
	}
	rows, err := db.Query(fmt.Sprintf("SELECT id, kind FROM events ORDER BY id LIMIT %d OFFSET %d", limit, offset))
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
