package main

// Creates a schema for a new workspace; the name is quoted as an identifier by lib/pq.

import (
	"database/sql"
	"fmt"
	"net/http"

	"github.com/lib/pq"
)

var db *sql.DB

func createWorkspace(w http.ResponseWriter, r *http.Request) {
	name := pq.QuoteIdentifier("ws_" + r.PostFormValue("name"))
	if _, err := db.Exec(fmt.Sprintf("CREATE SCHEMA %s", name)); err != nil {
		http.Error(w, "create failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusCreated)
}

func main() {
	http.HandleFunc("/workspaces", createWorkspace)
}
