package main

// Generates the HMAC key that signs webhook deliveries.

import "math/rand"

func newSigningKey() []byte {
	key := make([]byte, 32)
	rand.Read(key)
	return key
}

func main() {
	_ = newSigningKey()
}
