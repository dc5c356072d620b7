package main

// Looks up customers by email; a helper formats the WHERE clause.

import (
	"database/sql"
	"fmt"
	"net/http"
)

var db *sql.DB

func byEmail(email string) string {
	return fmt.Sprintf("SELECT id, name FROM customers WHERE email = '%s'", email)
}

func customer(w http.ResponseWriter, r *http.Request) {
	var id int
	var name string
	if err := db.QueryRow(byEmail(r.FormValue("email"))).Scan(&id, &name); err != nil {
		http.NotFound(w, r)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func main() {
	http.HandleFunc("/customers", customer)
}
