package main

// Refresh tokens from math/rand/v2's ChaCha8, seeded with the clock: the generator is strong,
// but anyone who can guess the start time can rebuild its output.

import (
	"encoding/binary"
	"encoding/hex"
	"math/rand/v2"
	"time"
)

func newRefreshGenerator() *rand.ChaCha8 {
	var seed [32]byte
	binary.LittleEndian.PutUint64(seed[:], uint64(time.Now().UnixNano()))
	return rand.NewChaCha8(seed)
}

func refreshToken(gen *rand.ChaCha8) string {
	b := make([]byte, 32)
	_, _ = gen.Read(b)
	return hex.EncodeToString(b)
}

func main() {
	_ = refreshToken(newRefreshGenerator())
}
