package main

// Checks a login form against the accounts table (the classic CWE-89 demonstrative example).

import (
	"database/sql"
	"net/http"
)

var db *sql.DB

func login(w http.ResponseWriter, r *http.Request) {
	user := r.PostFormValue("username")
	hash := r.PostFormValue("password_hash")
	var id int
	err := db.QueryRow("SELECT id FROM accounts WHERE name = '" + user + "' AND pw_hash = '" + hash + "'").Scan(&id)
	if err != nil {
		http.Error(w, "denied", http.StatusUnauthorized)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/login", login)
}
