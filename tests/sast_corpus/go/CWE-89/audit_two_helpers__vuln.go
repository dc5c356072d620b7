package main

// Audit trail by actor: the handler calls a service, the service calls a query builder.

import (
	"context"
	"database/sql"
	"net/http"
)

var db *sql.DB

func auditQuery(actor string) string {
	return "SELECT at, action FROM audit WHERE actor = '" + actor + "' ORDER BY at DESC"
}

func auditTrail(ctx context.Context, actor string) (*sql.Rows, error) {
	return db.QueryContext(ctx, auditQuery(actor))
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
