package main

// Lists builds of a pipeline with pgx; the branch name from the query is formatted into the SQL.

import (
	"fmt"
	"net/http"

	"github.com/jackc/pgx/v5/pgxpool"
)

var pool *pgxpool.Pool

func builds(w http.ResponseWriter, r *http.Request) {
	branch := r.URL.Query().Get("branch")
	rows, err := pool.Query(r.Context(), fmt.Sprintf("SELECT id, status FROM builds WHERE branch = '%s'", branch))
	if err != nil {
		http.Error(w, "query failed", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	w.WriteHeader(http.StatusOK)
}

func main() {
	http.HandleFunc("/builds", builds)
}
