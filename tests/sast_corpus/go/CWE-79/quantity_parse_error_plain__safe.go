package main

// Cart API reporting a bad quantity; the error (which quotes the input) goes out as plain text.

import (
	"fmt"
	"net/http"
	"strconv"
)

func cart(w http.ResponseWriter, r *http.Request) {
	qty, err := strconv.Atoi(r.FormValue("qty"))
	if err != nil {
		http.Error(w, fmt.Sprintf("invalid quantity: %v", err), http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "%d\n", qty)
}

func main() {
	http.HandleFunc("/cart/update", cart)
}
