package main

// Generates reproducible demo data for the sandbox; a fixed seed is the point here.

import (
	"fmt"
	"math/rand"
)

type device struct {
	Name  string
	CPU   int
	MemGB int
}

func demoDevices(n int) []device {
	gen := rand.New(rand.NewSource(42))
	out := make([]device, n)
	for i := range out {
		out[i] = device{Name: fmt.Sprintf("demo-%03d", i), CPU: 2 + gen.Intn(14), MemGB: 4 << gen.Intn(4)}
	}
	return out
}

func main() {
	_ = demoDevices(50)
}
