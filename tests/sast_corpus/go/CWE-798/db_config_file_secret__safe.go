package main

// Database settings; the password is read from a mounted secret file.

import (
	"os"
	"strings"
)

type DBConfig struct {
	Host     string
	User     string
	Password string
}

const passwordFile = "/run/secrets/fleet_db_password"

func loadDB() (DBConfig, error) {
	raw, err := os.ReadFile(passwordFile)
	if err != nil {
		return DBConfig{}, err
	}
	return DBConfig{Host: "fleet-db", User: "fleet", Password: strings.TrimSpace(string(raw))}, nil
}

func main() {}
