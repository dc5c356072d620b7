package main

// Writes a CSV export of the inventory to the output file named in the query.

import (
	"encoding/csv"
	"net/http"
	"os"
	"path/filepath"
)

func export(w http.ResponseWriter, r *http.Request) {
	out, err := os.Create(filepath.Join("/srv/exports", r.URL.Query().Get("out")))
	if err != nil {
		http.Error(w, "cannot export", http.StatusInternalServerError)
		return
	}
	defer out.Close()
	cw := csv.NewWriter(out)
	_ = cw.Write([]string{"id", "hostname"})
	cw.Flush()
	w.WriteHeader(http.StatusCreated)
}

func main() {
	http.HandleFunc("/export", export)
}
