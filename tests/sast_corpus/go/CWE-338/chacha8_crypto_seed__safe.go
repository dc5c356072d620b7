package main

// Refresh tokens from math/rand/v2's ChaCha8 (a cryptographically strong generator) seeded from
// crypto/rand.

import (
	"crypto/rand"
	"encoding/hex"
	mrand "math/rand/v2"
)

func newRefreshGenerator() (*mrand.ChaCha8, error) {
	var seed [32]byte
	if _, err := rand.Read(seed[:]); err != nil {
		return nil, err
	}
	return mrand.NewChaCha8(seed), nil
}

func refreshToken(gen *mrand.ChaCha8) string {
	b := make([]byte, 32)
	_, _ = gen.Read(b)
	return hex.EncodeToString(b)
}

func main() {
	gen, err := newRefreshGenerator()
	if err != nil {
		return
	}
	_ = refreshToken(gen)
}
