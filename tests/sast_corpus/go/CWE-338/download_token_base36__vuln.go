package main

// Signed-URL substitute: a download token in base 36 from math/rand gives access to the export.

import (
	"math/rand"
	"net/http"
	"strconv"
)

func exportLink(w http.ResponseWriter, r *http.Request) {
	token := strconv.FormatInt(rand.Int63(), 36)
	w.Header().Set("Location", "/exports/download?token="+token)
	w.WriteHeader(http.StatusCreated)
}

func main() {
	http.HandleFunc("/exports/link", exportLink)
}
