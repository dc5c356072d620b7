package main

// Redeems a coupon code submitted in a form, passed as a named argument.

import (
	"database/sql"
	"net/http"
)

var db *sql.DB

func redeem(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	var discount int
	row := db.QueryRow("SELECT discount FROM coupons WHERE code = @code AND used = false",
		sql.Named("code", r.Form.Get("code")))
	if err := row.Scan(&discount); err != nil {
		http.Error(w, "invalid coupon", http.StatusNotFound)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func main() {
	http.HandleFunc("/coupons/redeem", redeem)
}
