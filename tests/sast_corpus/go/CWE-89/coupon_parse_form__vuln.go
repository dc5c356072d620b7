package main

// Redeems a coupon code submitted in a form parsed with ParseForm.

import (
	"database/sql"
	"fmt"
	"net/http"
)

var db *sql.DB

func redeem(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	code := r.Form.Get("code")
	var discount int
	row := db.QueryRow(fmt.Sprintf("SELECT discount FROM coupons WHERE code = '%s' AND used = false", code))
	if err := row.Scan(&discount); err != nil {
		http.Error(w, "invalid coupon", http.StatusNotFound)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func main() {
	http.HandleFunc("/coupons/redeem", redeem)
}
