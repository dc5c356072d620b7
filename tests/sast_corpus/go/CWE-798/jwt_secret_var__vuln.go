package main

// Signs API session tokens.

import (
	"crypto/hmac"
	"crypto/sha256"
)

var jwtSecret = []byte("c0nst-jwt-signing-s3cret")

func signToken(payload []byte) []byte {
	mac := hmac.New(sha256.New, jwtSecret)
	mac.Write(payload)
	return mac.Sum(nil)
}

func main() {}
