package main

// Tags each request with a random UUID (google/uuid reads crypto/rand).

import (
	"net/http"

	"github.com/google/uuid"
)

func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-ID", uuid.NewString())
		next.ServeHTTP(w, r)
	})
}

func main() {
	http.Handle("/", withRequestID(http.NotFoundHandler()))
}
