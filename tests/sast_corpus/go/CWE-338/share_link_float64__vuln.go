package main

// "Anyone with the link" sharing: the unguessable part of the link comes from rand.Float64.

import (
	"math/rand"
	"net/http"
	"strconv"
	"strings"
)

func shareDocument(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(strconv.FormatFloat(rand.Float64(), 'f', 16, 64), "0.")
	w.Header().Set("Location", "/shared/"+id)
	w.WriteHeader(http.StatusCreated)
}

func main() {
	http.HandleFunc("/documents/share", shareDocument)
}
