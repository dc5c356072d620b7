package main

// Cart page reporting a bad quantity; strconv's error message quotes the input back into the HTML.

import (
	"fmt"
	"net/http"
	"strconv"
)

func cart(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	qty, err := strconv.Atoi(r.FormValue("qty"))
	if err != nil {
		fmt.Fprintf(w, "<p class=\"error\">Invalid quantity: %v</p>", err)
		return
	}
	fmt.Fprintf(w, "<p>You have %d item(s) in your cart.</p>", qty)
}

func main() {
	http.HandleFunc("/cart/update", cart)
}
