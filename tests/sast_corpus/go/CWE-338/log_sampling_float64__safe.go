package main

// Logs one request in a hundred; rand.Float64 only decides sampling.

import (
	"log"
	"math/rand"
	"net/http"
)

func sampled(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rand.Float64() < 0.01 {
			log.Printf("sample: %s %q", r.Method, r.URL.Path)
		}
		next.ServeHTTP(w, r)
	})
}

func main() {
	http.Handle("/", sampled(http.NotFoundHandler()))
}
