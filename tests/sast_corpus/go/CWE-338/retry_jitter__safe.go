package main

// Retries a flaky call with exponential back-off and random jitter.

import (
	"math/rand"
	"time"
)

func withRetries(call func() error, attempts int) error {
	var err error
	for i := 0; i < attempts; i++ {
		if err = call(); err == nil {
			return nil
		}
		jitter := time.Duration(rand.Intn(250)) * time.Millisecond
		time.Sleep((time.Duration(1<<i) * 100 * time.Millisecond) + jitter)
	}
	return err
}

func main() {
	_ = withRetries(func() error { return nil }, 3)
}
