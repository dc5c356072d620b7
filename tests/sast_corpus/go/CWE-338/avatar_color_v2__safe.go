package main

// Picks a background colour for a placeholder avatar with math/rand/v2.

import (
	"fmt"
	"math/rand/v2"
	"net/http"
)

var palette = []string{"#e57373", "#64b5f6", "#81c784", "#ffb74d", "#ba68c8"}

func avatar(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "image/svg+xml")
	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="%s"/></svg>`,
		palette[rand.IntN(len(palette))])
}

func main() {
	http.HandleFunc("/avatar.svg", avatar)
}
