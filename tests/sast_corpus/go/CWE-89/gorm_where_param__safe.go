package main

// Reports usage per customer with GORM, the customer bound through Where's placeholder.

import (
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
	err := orm.Table("traffic").
		Select("customer, sum(bytes) AS bytes").
		Where("customer = ?", r.URL.Query().Get("customer")).
		Group("customer").
		Scan(&out).Error
	if err != nil {
		http.Error(w, "report failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func main() {
	http.HandleFunc("/usage", usage)
}
