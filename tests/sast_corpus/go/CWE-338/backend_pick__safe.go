package main

// Spreads requests over backends at random; predictability is harmless here.

import "math/rand"

type Pool struct {
	Backends []string
}

func (p *Pool) Pick() string {
	return p.Backends[rand.Intn(len(p.Backends))]
}

func main() {
	p := &Pool{Backends: []string{"10.0.0.1:8080", "10.0.0.2:8080"}}
	_ = p.Pick()
}
