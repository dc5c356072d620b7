package main

// When no signing secret is configured, the API makes one up at startup with math/rand.

import (
	"math/rand"
	"os"
)

func jwtSecret() []byte {
	if s := os.Getenv("JWT_SECRET"); s != "" {
		return []byte(s)
	}
	secret := make([]byte, 32)
	for i := range secret {
		secret[i] = byte(rand.Intn(256))
	}
	return secret
}

func main() {
	_ = jwtSecret()
}
