package main

// Lists invoices sorted in the direction given by the client, mapped onto two keywords.

import (
	"database/sql"
	"net/http"
)

var db *sql.DB

func invoices(w http.ResponseWriter, r *http.Request) {
	dir := "ASC"
	if r.URL.Query().Get("dir") == "desc" {
		dir = "DESC"
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
