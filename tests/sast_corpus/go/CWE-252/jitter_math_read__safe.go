package main

// Fills test payloads with pseudo-random bytes; math/rand.Read never returns an error.

import "math/rand"

func payload(size int, seed int64) []byte {
	r := rand.New(rand.NewSource(seed))
	buf := make([]byte, size)
	r.Read(buf)
	return buf
}

func main() {
	_ = payload(64, 1)
}
