package main

// Marks a release as published; the statement joins two constants and binds the version.

import (
	"database/sql"
	"net/http"
)

var db *sql.DB

const releaseTable = "releases"

func publish(w http.ResponseWriter, r *http.Request) {
	if _, err := db.Exec("UPDATE "+releaseTable+" SET published = true WHERE version = ?", r.URL.Query().Get("version")); err != nil {
		http.Error(w, "publish failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/releases/publish", publish)
}
