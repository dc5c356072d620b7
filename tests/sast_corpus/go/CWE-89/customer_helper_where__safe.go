package main

// Looks up customers by email; a helper returns the query and its arguments.

import (
	"database/sql"
	"net/http"
)

var db *sql.DB

func byEmail(email string) (string, []any) {
	return "SELECT id, name FROM customers WHERE email = ?", []any{email}
}

func customer(w http.ResponseWriter, r *http.Request) {
	var id int
	var name string
	query, args := byEmail(r.FormValue("email"))
	if err := db.QueryRow(query, args...).Scan(&id, &name); err != nil {
		http.NotFound(w, r)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func main() {
	http.HandleFunc("/customers", customer)
}
