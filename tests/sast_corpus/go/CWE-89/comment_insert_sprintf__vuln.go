package main

// Stores a comment posted in a form.

import (
	"database/sql"
	"fmt"
	"net/http"
)

var db *sql.DB

func postComment(w http.ResponseWriter, r *http.Request) {
	author := r.PostFormValue("author")
	body := r.PostFormValue("body")
	stmt := fmt.Sprintf("INSERT INTO comments (author, body) VALUES ('%s', '%s')", author, body)
	if _, err := db.Exec(stmt); err != nil {
		http.Error(w, "not saved", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusCreated)
}

func main() {
	http.HandleFunc("/comments", postComment)
}
