package main

// Marks a release as published; the version is read straight into the statement.

import (
	"database/sql"
	"net/http"
)

var db *sql.DB

func publish(w http.ResponseWriter, r *http.Request) {
	if _, err := db.Exec("UPDATE releases SET published = true WHERE version = '" + r.URL.Query().Get("version") + "'"); err != nil {
		http.Error(w, "publish failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/releases/publish", publish)
}
