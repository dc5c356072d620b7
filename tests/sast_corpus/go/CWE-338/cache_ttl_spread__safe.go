package main

// Spreads cache expiry with math/rand so that entries do not all expire at once.

import (
	"math/rand"
	"net/http"
	"strconv"
	"time"
)

func cacheHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ttl := 5*time.Minute + time.Duration(rand.Int63n(int64(time.Minute)))
		w.Header().Set("Cache-Control", "public, max-age="+strconv.Itoa(int(ttl.Seconds())))
		next.ServeHTTP(w, r)
	})
}

func main() {
	http.Handle("/static/", cacheHeaders(http.NotFoundHandler()))
}
