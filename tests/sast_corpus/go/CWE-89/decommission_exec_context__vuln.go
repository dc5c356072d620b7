package main

// Marks a device as decommissioned.

import (
	"context"
	"database/sql"
	"fmt"
)

func decommission(ctx context.Context, db *sql.DB, serial string) error {
	_, err := db.ExecContext(ctx, fmt.Sprintf("UPDATE devices SET state = 'retired' WHERE serial = '%s'", serial))
	return err
}

func main() {}
