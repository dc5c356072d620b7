package main

// Session ids from a math/rand/v2 PCG generator (fast, statistically good, not unpredictable).

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"
)

var (
	mu  sync.Mutex
	pcg = rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 0x9e3779b97f4a7c15))
)

func login(w http.ResponseWriter, r *http.Request) {
	mu.Lock()
	sid := fmt.Sprintf("%016x%016x", pcg.Uint64(), pcg.Uint64())
	mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: "sid", Value: sid, Path: "/", Secure: true, HttpOnly: true})
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/login", login)
}
