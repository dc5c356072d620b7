package main

// Signs download links by hashing the key with the path.

import (
	"crypto/sha1"
	"encoding/hex"
)

func sign(key []byte, path string) string {
	h := sha1.New()
	h.Write(key)
	h.Write([]byte(path))
	return hex.EncodeToString(h.Sum(nil))
}

func main() {}
