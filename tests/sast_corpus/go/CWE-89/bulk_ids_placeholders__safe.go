package main

// Archives the projects whose ids are repeated in the query string, one placeholder per id.

import (
	"database/sql"
	"net/http"
	"strings"
)

var db *sql.DB

func archive(w http.ResponseWriter, r *http.Request) {
	ids := r.URL.Query()["id"]
	if len(ids) == 0 {
		http.Error(w, "no ids", http.StatusBadRequest)
		return
	}
	marks := strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	stmt := "UPDATE projects SET archived = true WHERE id IN (" + marks + ")"
	if _, err := db.Exec(stmt, args...); err != nil {
		http.Error(w, "update failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/projects/archive", archive)
}
