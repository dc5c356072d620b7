package main

// Creates session identifiers for the device dashboard.

import (
	"fmt"
	"math/rand"
)

type Session struct {
	ID   string
	User string
}

func startSession(user string) Session {
	sessionID := fmt.Sprintf("%016x%016x", rand.Int63(), rand.Int63())
	return Session{ID: sessionID, User: user}
}

func main() {
	_ = startSession("admin")
}
