package main

// Session ids from a private math/rand generator seeded with the start time.

import (
	"math/rand"
	"net/http"
	"strconv"
	"sync"
	"time"
)

var (
	mu  sync.Mutex
	gen = rand.New(rand.NewSource(time.Now().UnixNano()))
)

func login(w http.ResponseWriter, r *http.Request) {
	mu.Lock()
	sid := strconv.FormatUint(gen.Uint64(), 36)
	mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: "sid", Value: sid, Path: "/", Secure: true, HttpOnly: true})
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/login", login)
}
