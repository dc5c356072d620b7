package main

// Lists deployments sorted by a column named in the query string.

import (
	"context"
	"database/sql"
)

func deployments(ctx context.Context, db *sql.DB, sortBy string) (*sql.Rows, error) {
	query := "SELECT id, app, version FROM deployments"
	query += " ORDER BY " + sortBy
	return db.QueryContext(ctx, query)
}

func main() {}
