package main

// Searches devices by name fragment, passing the pattern as a parameter.

import (
	"database/sql"
	"net/http"
)

func searchDevices(db *sql.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		pattern := "%" + r.FormValue("q") + "%"
		rows, err := db.Query("SELECT id, name FROM devices WHERE name LIKE ?", pattern)
		if err != nil {
			http.Error(w, "query failed", http.StatusInternalServerError)
			return
		}
		defer rows.Close()
		w.WriteHeader(http.StatusOK)
	}
}

func main() {}
