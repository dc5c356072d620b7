package main

// Generates the session cookie key and fails loudly if randomness is unavailable.

import (
	"crypto/rand"
	"fmt"
)

func newCookieKey() ([]byte, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("reading random key: %w", err)
	}
	return key, nil
}

func main() {
	_, _ = newCookieKey()
}
