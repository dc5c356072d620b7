package main

// Lists a team's members with sqlx, the team slug bound as a parameter.

import (
	"net/http"

	"github.com/jmoiron/sqlx"
)

type Member struct {
	ID    int    `db:"id"`
	Email string `db:"email"`
}

var dbx *sqlx.DB

func members(w http.ResponseWriter, r *http.Request) {
	var out []Member
	if err := dbx.Select(&out, "SELECT id, email FROM members WHERE team_slug = $1", r.PathValue("team")); err != nil {
		http.Error(w, "query failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /teams/{team}/members", members)
}
