package main

// Searches devices by a name fragment typed into the fleet console.

import (
	"database/sql"
	"net/http"
)

func searchDevices(db *sql.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rows, err := db.Query("SELECT id, name FROM devices WHERE name LIKE '%" + r.FormValue("q") + "%'")
		if err != nil {
			http.Error(w, "query failed", http.StatusInternalServerError)
			return
		}
		defer rows.Close()
		w.WriteHeader(http.StatusOK)
	}
}

func main() {}
