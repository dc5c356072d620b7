package main

// Resolves the user behind the session cookie.

import (
	"database/sql"
	"fmt"
	"net/http"
)

var db *sql.DB

func currentUser(r *http.Request) (int, error) {
	c, err := r.Cookie("sid")
	if err != nil {
		return 0, err
	}
	var uid int
	q := fmt.Sprintf("SELECT user_id FROM sessions WHERE token = '%s' AND expires > now()", c.Value)
	err = db.QueryRowContext(r.Context(), q).Scan(&uid)
	return uid, err
}

func whoami(w http.ResponseWriter, r *http.Request) {
	if _, err := currentUser(r); err != nil {
		http.Error(w, "not signed in", http.StatusUnauthorized)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func main() {
	http.HandleFunc("/whoami", whoami)
}
