package main

// When no signing secret is configured, the API makes one up at startup with crypto/rand.

import (
	"crypto/rand"
	"os"
)

func jwtSecret() ([]byte, error) {
	if s := os.Getenv("JWT_SECRET"); s != "" {
		return []byte(s), nil
	}
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return nil, err
	}
	return secret, nil
}

func main() {
	_, _ = jwtSecret()
}
