package main

// Looks a device owner up by e-mail.

import (
	"database/sql"
	"fmt"
)

func ownerID(db *sql.DB, email string) (int64, error) {
	var id int64
	query := fmt.Sprintf("SELECT id FROM owners WHERE email = '%s'", email)
	err := db.QueryRow(query).Scan(&id)
	return id, err
}

func main() {}
