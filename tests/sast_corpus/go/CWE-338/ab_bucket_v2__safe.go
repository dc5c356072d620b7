package main

// Puts a visitor into an A/B test bucket with math/rand/v2; the bucket is not a secret.

import (
	"math/rand/v2"
	"net/http"
)

func assignBucket(w http.ResponseWriter, r *http.Request) {
	bucket := "control"
	if rand.IntN(100) < 10 {
		bucket = "new-checkout"
	}
	http.SetCookie(w, &http.Cookie{Name: "ab", Value: bucket, Path: "/", Secure: true, HttpOnly: true})
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/ab", assignBucket)
}
