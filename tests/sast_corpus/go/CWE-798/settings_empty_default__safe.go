package main

// Default settings: secrets start empty and must be supplied at run time.

import "os"

type Settings struct {
	Endpoint string
	APIToken string
}

func defaults() Settings {
	s := Settings{Endpoint: "https://telemetry.example.com", APIToken: ""}
	if v, ok := os.LookupEnv("TELEMETRY_API_TOKEN"); ok {
		s.APIToken = v
	}
	return s
}

func main() {}
