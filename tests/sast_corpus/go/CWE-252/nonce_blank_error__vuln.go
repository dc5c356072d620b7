package main

// Seals a message with AES-GCM; the nonce read's error is thrown away.

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"io"
)

func seal(key, msg []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, gcm.NonceSize())
	_, _ = io.ReadFull(rand.Reader, nonce)
	return gcm.Seal(nonce, nonce, msg, nil), nil
}

func main() {}
