package main

// Encrypts configuration backups with AES-GCM.

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
)

func encryptBackup(key, plaintext []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return gcm.Seal(nonce, nonce, plaintext, []byte("backup-v1")), nil
}

func main() {}
