package main

// Records an audit event; Sprintf builds a value passed as a parameter, not the SQL.

import (
	"context"
	"database/sql"
	"fmt"
)

const insertEvent = "INSERT INTO audit_events (actor, summary) VALUES ($1, $2)"

func recordEvent(ctx context.Context, db *sql.DB, actor string, count int) error {
	_, err := db.ExecContext(ctx, insertEvent, actor, fmt.Sprintf("deleted %d devices", count))
	return err
}

func main() {}
