package main

// Lists edge nodes with optional region and role filters appended to the query.

import (
	"database/sql"
	"net/http"
)

var db *sql.DB

func nodes(w http.ResponseWriter, r *http.Request) {
	query := "SELECT id, hostname FROM nodes WHERE active"
	if region := r.FormValue("region"); region != "" {
		query += " AND region = '" + region + "'"
	}
	if r.FormValue("gpu") == "1" {
		query += " AND has_gpu"
	}
	rows, err := db.Query(query)
	if err != nil {
		http.Error(w, "query failed", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	w.WriteHeader(http.StatusOK)
}

func main() {
	http.HandleFunc("/nodes", nodes)
}
