package main

// Stores a comment posted in a form; Sprintf only builds the log line.

import (
	"database/sql"
	"fmt"
	"log"
	"net/http"
)

var db *sql.DB

func postComment(w http.ResponseWriter, r *http.Request) {
	author := r.PostFormValue("author")
	body := r.PostFormValue("body")
	if _, err := db.Exec("INSERT INTO comments (author, body) VALUES (?, ?)", author, body); err != nil {
		log.Print(fmt.Sprintf("comment by %q not saved: %v", author, err))
		http.Error(w, "not saved", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusCreated)
}

func main() {
	http.HandleFunc("/comments", postComment)
}
