package main

// Switches the Postgres schema to a tenant from a fixed table; unknown tenants are refused.

import (
	"database/sql"
	"fmt"
	"net/http"
)

var db *sql.DB

var tenantSchemas = map[string]string{
	"acme":   "tenant_acme",
	"globex": "tenant_globex",
}

func withTenant(w http.ResponseWriter, r *http.Request) {
	schema, ok := tenantSchemas[r.Header.Get("X-Tenant")]
	if !ok {
		http.Error(w, "unknown tenant", http.StatusBadRequest)
		return
	}
	if _, err := db.Exec(fmt.Sprintf("SET search_path TO %s", schema)); err != nil {
		http.Error(w, "tenant unavailable", http.StatusBadGateway)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/tenant", withTenant)
}
