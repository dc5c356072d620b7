package main

// Loads translated strings for the locale stored in a cookie, bound as a parameter.

import (
	"database/sql"
	"net/http"
)

var db *sql.DB

func messages(w http.ResponseWriter, r *http.Request) {
	c, err := r.Cookie("locale")
	if err != nil {
		http.Error(w, "no locale", http.StatusBadRequest)
		return
	}
	rows, err := db.Query("SELECT key, text FROM messages WHERE locale = ?", c.Value)
	if err != nil {
		http.Error(w, "query failed", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	w.WriteHeader(http.StatusOK)
}

func main() {
	http.HandleFunc("/messages", messages)
}
