package main

// Generates the AES-256 key that encrypts device backups from a seeded math/rand generator.

import (
	"crypto/aes"
	"crypto/cipher"
	"math/rand"
	"time"
)

func newBackupCipher() (cipher.AEAD, []byte, error) {
	key := make([]byte, 32)
	gen := rand.New(rand.NewSource(time.Now().UnixNano()))
	gen.Read(key)
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, nil, err
	}
	aead, err := cipher.NewGCM(block)
	return aead, key, err
}

func main() {
	_, _, _ = newBackupCipher()
}
