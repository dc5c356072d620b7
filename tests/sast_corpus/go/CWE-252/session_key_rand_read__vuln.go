package main

// Generates the key that encrypts session cookies.

import "crypto/rand"

func newCookieKey() []byte {
	key := make([]byte, 32)
	rand.Read(key)
	return key
}

func main() {
	_ = newCookieKey()
}
