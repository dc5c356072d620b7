package main

// Finds a product by SKU through a prepared statement with a placeholder.

import (
	"database/sql"
	"net/http"
)

var db *sql.DB

func product(w http.ResponseWriter, r *http.Request) {
	stmt, err := db.Prepare("SELECT id, price FROM products WHERE sku = ?")
	if err != nil {
		http.Error(w, "unavailable", http.StatusInternalServerError)
		return
	}
	defer stmt.Close()
	var id int
	var price float64
	if err := stmt.QueryRow(r.URL.Query().Get("sku")).Scan(&id, &price); err != nil {
		http.NotFound(w, r)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func main() {
	http.HandleFunc("/products", product)
}
