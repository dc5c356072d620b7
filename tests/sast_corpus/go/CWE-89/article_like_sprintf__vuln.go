package main

// Full-text-ish search over article titles with a LIKE pattern formatted into the SQL.

import (
	"database/sql"
	"fmt"
	"net/http"
)

var db *sql.DB

func searchArticles(w http.ResponseWriter, r *http.Request) {
	term := r.FormValue("q")
	query := fmt.Sprintf("SELECT id, title FROM articles WHERE title LIKE '%%%s%%' ORDER BY published DESC", term)
	rows, err := db.QueryContext(r.Context(), query)
	if err != nil {
		http.Error(w, "search failed", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	w.WriteHeader(http.StatusOK)
}

func main() {
	http.HandleFunc("/articles/search", searchArticles)
}
