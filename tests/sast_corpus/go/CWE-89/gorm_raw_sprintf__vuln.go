package main

// Reports usage per customer with GORM's Raw and a formatted customer name.

import (
	"fmt"
	"net/http"

	"gorm.io/gorm"
)

type Usage struct {
	Customer string
	Bytes    int64
}

var orm *gorm.DB

func usage(w http.ResponseWriter, r *http.Request) {
	var out []Usage
	customer := r.URL.Query().Get("customer")
	err := orm.Raw(fmt.Sprintf("SELECT customer, sum(bytes) AS bytes FROM traffic WHERE customer = '%s' GROUP BY customer", customer)).Scan(&out).Error
	if err != nil {
		http.Error(w, "report failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func main() {
	http.HandleFunc("/usage", usage)
}
