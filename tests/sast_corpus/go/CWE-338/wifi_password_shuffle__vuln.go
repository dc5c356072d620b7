package main

// Guest Wi-Fi password of the day: shuffles a character set with math/rand and keeps the first 12.

import (
	"math/rand"
	"net/http"
)

func guestPassword(w http.ResponseWriter, r *http.Request) {
	chars := []byte("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789")
	rand.Shuffle(len(chars), func(i, j int) { chars[i], chars[j] = chars[j], chars[i] })
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write(chars[:12])
}

func main() {
	http.HandleFunc("/admin/guest-wifi/rotate", guestPassword)
}
