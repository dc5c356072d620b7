package main

// Database settings of the fleet manager.

type DBConfig struct {
	Host     string
	User     string
	Password string
}

func defaultDB() DBConfig {
	return DBConfig{Host: "fleet-db", User: "fleet", Password: "fl33t-db-pass"}
}

func main() {}
