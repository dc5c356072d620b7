package main

// Derives a password hash with a fresh salt.

import (
	"crypto/rand"
	"crypto/sha256"
)

func saltedHash(password string) ([]byte, []byte) {
	salt := make([]byte, 16)
	n, _ := rand.Read(salt)
	sum := sha256.Sum256(append(salt[:n], password...))
	return salt, sum[:]
}

func main() {}
