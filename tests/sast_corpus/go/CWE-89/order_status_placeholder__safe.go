package main

// Lists orders in the status named in the query string, bound as a parameter.

import (
	"database/sql"
	"net/http"
)

var db *sql.DB

func ordersByStatus(w http.ResponseWriter, r *http.Request) {
	status := r.URL.Query().Get("status")
	rows, err := db.Query("SELECT id, total FROM orders WHERE status = ?", status)
	if err != nil {
		http.Error(w, "query failed", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	w.WriteHeader(http.StatusOK)
}

func main() {
	http.HandleFunc("/orders", ordersByStatus)
}
