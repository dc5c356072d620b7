package main

// Looks a device owner up by e-mail with a bound parameter.

import "database/sql"

func ownerID(db *sql.DB, email string) (int64, error) {
	var id int64
	err := db.QueryRow("SELECT id FROM owners WHERE email = $1", email).Scan(&id)
	return id, err
}

func main() {}
