package main

// Lists orders in the status named in the query string.

import (
	"database/sql"
	"fmt"
	"net/http"
)

var db *sql.DB

func ordersByStatus(w http.ResponseWriter, r *http.Request) {
	status := r.URL.Query().Get("status")
	query := fmt.Sprintf("SELECT id, total FROM orders WHERE status = '%s'", status)
	rows, err := db.Query(query)
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
