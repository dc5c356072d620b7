package main

// Finds a product by SKU through a prepared statement built from the SKU itself.

import (
	"database/sql"
	"net/http"
)

var db *sql.DB

func product(w http.ResponseWriter, r *http.Request) {
	sku := r.URL.Query().Get("sku")
	stmt, err := db.Prepare("SELECT id, price FROM products WHERE sku = '" + sku + "'")
	if err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	defer stmt.Close()
	var id int
	var price float64
	if err := stmt.QueryRow().Scan(&id, &price); err != nil {
		http.NotFound(w, r)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func main() {
	http.HandleFunc("/products", product)
}
