package main

// Shuffles the order of quiz questions with math/rand; the order is not a secret.

import (
	"encoding/json"
	"math/rand"
	"net/http"
)

var questions = []string{"q1", "q2", "q3", "q4", "q5"}

func quiz(w http.ResponseWriter, r *http.Request) {
	order := append([]string(nil), questions...)
	rand.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(order)
}

func main() {
	http.HandleFunc("/quiz", quiz)
}
