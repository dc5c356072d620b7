package main

// Lists deployments sorted by a column chosen from a fixed set.

import (
	"context"
	"database/sql"
)

var sortColumns = map[string]string{
	"app":     "SELECT id, app, version FROM deployments ORDER BY app",
	"version": "SELECT id, app, version FROM deployments ORDER BY version",
}

func deployments(ctx context.Context, db *sql.DB, sortBy string) (*sql.Rows, error) {
	query, ok := sortColumns[sortBy]
	if !ok {
		query = sortColumns["app"]
	}
	return db.QueryContext(ctx, query)
}

func main() {}
