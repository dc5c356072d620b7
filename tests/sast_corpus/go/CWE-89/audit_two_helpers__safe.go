package main

// Audit trail by actor: the handler calls a service that binds the actor as a parameter.

import (
	"context"
	"database/sql"
	"net/http"
)

var db *sql.DB

func auditQuery() string {
	return "SELECT at, action FROM audit WHERE actor = ? ORDER BY at DESC"
}

func auditTrail(ctx context.Context, actor string) (*sql.Rows, error) {
	return db.QueryContext(ctx, auditQuery(), actor)
}

func audit(w http.ResponseWriter, r *http.Request) {
	rows, err := auditTrail(r.Context(), r.FormValue("actor"))
	if err != nil {
		http.Error(w, "query failed", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	w.WriteHeader(http.StatusOK)
}

func main() {
	http.HandleFunc("/audit", audit)
}
