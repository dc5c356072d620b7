package main

// Lists invoices sorted in the direction given by the client ("asc" or "desc", it expects).

import (
	"database/sql"
	"net/http"
)

var db *sql.DB

func invoices(w http.ResponseWriter, r *http.Request) {
	dir := r.URL.Query().Get("dir")
	if dir == "" {
		dir = "asc"
	}
	rows, err := db.Query("SELECT id, amount FROM invoices ORDER BY issued_at " + dir)
	if err != nil {
		http.Error(w, "query failed", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	w.WriteHeader(http.StatusOK)
}

func main() {
	http.HandleFunc("/invoices", invoices)
}
