package main

// Beta invite codes from a generator with a fixed seed: every deployment issues the same sequence.

import (
	"math/rand"
	"net/http"
)

var inviteGen = rand.New(rand.NewSource(20240101))

func newInvite(w http.ResponseWriter, r *http.Request) {
	const chars = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	code := make([]byte, 10)
	for i := range code {
		code[i] = chars[inviteGen.Intn(len(chars))]
	}
	_, _ = w.Write(code)
}

func main() {
	http.HandleFunc("/admin/invites", newInvite)
}
