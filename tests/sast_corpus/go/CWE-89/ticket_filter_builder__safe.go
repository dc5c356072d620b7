package main

// Filters support tickets by the fields of a JSON body; the builder only adds placeholders.

import (
	"database/sql"
	"encoding/json"
	"net/http"
	"strings"
)

var db *sql.DB

type ticketFilter struct {
	Assignee string `json:"assignee"`
	Priority string `json:"priority"`
}

func tickets(w http.ResponseWriter, r *http.Request) {
	var f ticketFilter
	if err := json.NewDecoder(r.Body).Decode(&f); err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	var b strings.Builder
	var args []any
	b.WriteString("SELECT id, title FROM tickets WHERE 1=1")
	if f.Assignee != "" {
		b.WriteString(" AND assignee = ?")
		args = append(args, f.Assignee)
	}
	if f.Priority != "" {
		b.WriteString(" AND priority = ?")
		args = append(args, f.Priority)
	}
	rows, err := db.QueryContext(r.Context(), b.String(), args...)
	if err != nil {
		http.Error(w, "query failed", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	w.WriteHeader(http.StatusOK)
}

func main() {
	http.HandleFunc("/tickets/search", tickets)
}
