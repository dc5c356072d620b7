package main

// Updates the caller's e-mail address inside a transaction; the address comes from a JSON body.

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
)

var db *sql.DB

type emailChange struct {
	UserID int    `json:"user_id"`
	Email  string `json:"email"`
}

func changeEmail(w http.ResponseWriter, r *http.Request) {
	var req emailChange
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	tx, err := db.BeginTx(r.Context(), nil)
	if err != nil {
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	defer tx.Rollback()
	stmt := fmt.Sprintf("UPDATE users SET email = '%s' WHERE id = %d", req.Email, req.UserID)
	if _, err := tx.ExecContext(r.Context(), stmt); err != nil {
		http.Error(w, "update failed", http.StatusInternalServerError)
		return
	}
	if err := tx.Commit(); err != nil {
		http.Error(w, "update failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/me/email", changeEmail)
}
