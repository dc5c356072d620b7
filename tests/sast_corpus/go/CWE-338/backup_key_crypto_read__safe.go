package main

// Generates the AES-256 key that encrypts device backups from crypto/rand.

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
)

func newBackupCipher() (cipher.AEAD, []byte, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, nil, err
	}
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
