package main

// Counts the rows of the table named in the route, for an admin export page.

import (
	"database/sql"
	"fmt"
	"net/http"
)

var db *sql.DB

func rowCount(w http.ResponseWriter, r *http.Request) {
	table := r.PathValue("table")
	var n int
	if err := db.QueryRow(fmt.Sprintf("SELECT count(*) FROM %s", table)).Scan(&n); err != nil {
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
