package main

// Counts the rows of an exportable table; the route value only selects a constant query.

import (
	"database/sql"
	"fmt"
	"net/http"
)

var db *sql.DB

func rowCount(w http.ResponseWriter, r *http.Request) {
	var query string
	switch r.PathValue("table") {
	case "devices":
		query = "SELECT count(*) FROM devices"
	case "deployments":
		query = "SELECT count(*) FROM deployments"
	default:
		http.NotFound(w, r)
		return
	}
	var n int
	if err := db.QueryRow(query).Scan(&n); err != nil {
		http.Error(w, "count failed", http.StatusInternalServerError)
		return
	}
	w.Header().Set("X-Row-Count", fmt.Sprint(n))
	w.WriteHeader(http.StatusOK)
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /admin/export/{table}/count", rowCount)
}
