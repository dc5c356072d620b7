package main

// Records each visit with the browser's User-Agent string.

import (
	"database/sql"
	"net/http"
)

var db *sql.DB

func recordVisit(w http.ResponseWriter, r *http.Request) {
	stmt := "INSERT INTO visits (path, agent) VALUES ('/landing', '" + r.UserAgent() + "')"
	if _, err := db.ExecContext(r.Context(), stmt); err != nil {
		http.Error(w, "unavailable", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/landing", recordVisit)
}
