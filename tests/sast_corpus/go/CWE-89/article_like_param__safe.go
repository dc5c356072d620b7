package main

// Full-text-ish search over article titles; the LIKE pattern is a bound parameter with wildcards escaped.

import (
	"database/sql"
	"net/http"
	"strings"
)

var db *sql.DB

var likeEscaper = strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`)

func searchArticles(w http.ResponseWriter, r *http.Request) {
	pattern := "%" + likeEscaper.Replace(r.FormValue("q")) + "%"
	rows, err := db.QueryContext(r.Context(),
		`SELECT id, title FROM articles WHERE title LIKE $1 ESCAPE '\' ORDER BY published DESC`, pattern)
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
