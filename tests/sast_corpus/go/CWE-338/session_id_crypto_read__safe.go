package main

// Creates session identifiers from 128 random bits.

import (
	"crypto/rand"
	"encoding/hex"
)

func newSessionID() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

func main() {
	_, _ = newSessionID()
}
