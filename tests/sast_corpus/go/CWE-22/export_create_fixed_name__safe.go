package main

// Writes an export of the inventory to a fixed file; the query only picks the separator.

import (
	"encoding/csv"
	"net/http"
	"os"
)

func export(w http.ResponseWriter, r *http.Request) {
	name, comma := "/srv/exports/inventory.csv", ','
	if r.URL.Query().Get("format") == "tsv" {
		name, comma = "/srv/exports/inventory.tsv", '\t'
	}
	out, err := os.Create(name)
	if err != nil {
		http.Error(w, "cannot export", http.StatusInternalServerError)
		return
	}
	defer out.Close()
	cw := csv.NewWriter(out)
	cw.Comma = comma
	_ = cw.Write([]string{"id", "hostname"})
	cw.Flush()
	w.WriteHeader(http.StatusCreated)
}

func main() {
	http.HandleFunc("/export", export)
}
