package main

// A repository type whose finder binds the name; the handler passes the query string.

import (
	"context"
	"database/sql"
	"net/http"
)

type AppStore struct {
	db *sql.DB
}

func (s *AppStore) FindByName(ctx context.Context, name string) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, "SELECT id, version FROM apps WHERE name = $1", name)
}

type server struct {
	apps *AppStore
}

func (s *server) app(w http.ResponseWriter, r *http.Request) {
	rows, err := s.apps.FindByName(r.Context(), r.URL.Query().Get("name"))
	if err != nil {
		http.Error(w, "lookup failed", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	w.WriteHeader(http.StatusOK)
}

func main() {
	s := &server{apps: &AppStore{}}
	http.HandleFunc("/apps", s.app)
}
