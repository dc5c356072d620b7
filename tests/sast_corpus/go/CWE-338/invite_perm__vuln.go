package main

// Team invitation code built from a math/rand permutation of digits.

import (
	"math/rand"
	"net/http"
	"strings"
)

func inviteCode(w http.ResponseWriter, r *http.Request) {
	var b strings.Builder
	for _, d := range rand.Perm(10) {
		b.WriteByte(byte('0' + d))
	}
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write([]byte("INV-" + b.String()))
}

func main() {
	http.HandleFunc("/teams/invite", inviteCode)
}
