package main

// Lists edge nodes with optional filters; the appended fragments are constant, values are bound.

import (
	"database/sql"
	"net/http"
)

var db *sql.DB

func nodes(w http.ResponseWriter, r *http.Request) {
	query := "SELECT id, hostname FROM nodes WHERE active"
	var args []any
	if region := r.FormValue("region"); region != "" {
		query += " AND region = ?"
		args = append(args, region)
	}
	if r.FormValue("gpu") == "1" {
		query += " AND has_gpu"
	}
	rows, err := db.Query(query, args...)
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
