package main

// Checks a login form against the accounts table with bound parameters.

import (
	"database/sql"
	"net/http"
)

var db *sql.DB

const loginQuery = "SELECT id FROM accounts WHERE name = $1 AND pw_hash = $2"

func login(w http.ResponseWriter, r *http.Request) {
	user := r.PostFormValue("username")
	hash := r.PostFormValue("password_hash")
	var id int
	if err := db.QueryRow(loginQuery, user, hash).Scan(&id); err != nil {
		http.Error(w, "denied", http.StatusUnauthorized)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/login", login)
}
