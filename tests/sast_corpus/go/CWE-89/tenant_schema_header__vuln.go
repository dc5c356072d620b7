package main

// Switches the Postgres schema to the tenant named in a request header.

import (
	"database/sql"
	"fmt"
	"net/http"
)

var db *sql.DB

func withTenant(w http.ResponseWriter, r *http.Request) {
	tenant := r.Header.Get("X-Tenant")
	if _, err := db.Exec(fmt.Sprintf("SET search_path TO %s", tenant)); err != nil {
		http.Error(w, "tenant unavailable", http.StatusBadGateway)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/tenant", withTenant)
}
