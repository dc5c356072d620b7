package main

// Creates a schema for a new workspace named in the form.

import (
	"database/sql"
	"fmt"
	"net/http"
)

var db *sql.DB

func createWorkspace(w http.ResponseWriter, r *http.Request) {
	name := "ws_" + r.PostFormValue("name")
	if _, err := db.Exec(fmt.Sprintf("CREATE SCHEMA %s", name)); err != nil {
		http.Error(w, "create failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusCreated)
}

func main() {
	http.HandleFunc("/workspaces", createWorkspace)
}
