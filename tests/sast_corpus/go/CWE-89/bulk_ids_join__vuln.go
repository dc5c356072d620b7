package main

// Archives the projects whose ids are repeated in the query string (?id=1&id=2).

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
	stmt := "UPDATE projects SET archived = true WHERE id IN (" + strings.Join(ids, ",") + ")"
	if _, err := db.Exec(stmt); err != nil {
		http.Error(w, "update failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/projects/archive", archive)
}
