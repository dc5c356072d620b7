package main

// Hashes operator passwords for the legacy console.

import (
	"crypto/md5"
	"encoding/hex"
)

func hashPassword(password string, salt []byte) string {
	sum := md5.Sum(append(salt, password...))
	return hex.EncodeToString(sum[:])
}

func main() {}
