package main

// Shows a random tip on the dashboard; which tip appears is not a secret.

import (
	"math/rand"
	"net/http"
)

var tips = []string{
	"Press ? to see keyboard shortcuts.",
	"Devices can be grouped by label.",
	"Exports can be scheduled weekly.",
}

func tip(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte(tips[rand.Intn(len(tips))]))
}

func main() {
	http.HandleFunc("/tip", tip)
}
