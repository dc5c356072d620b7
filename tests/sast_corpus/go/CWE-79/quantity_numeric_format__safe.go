package main

// Cart page showing the quantity from the form, parsed as a number and formatted with %d.

import (
	"fmt"
	"net/http"
	"strconv"
)

func cart(w http.ResponseWriter, r *http.Request) {
	qty, err := strconv.Atoi(r.FormValue("qty"))
	if err != nil {
		qty = 1
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, "<p>You have %d item(s) in your cart.</p>", qty)
}

func main() {
	http.HandleFunc("/cart", cart)
}
