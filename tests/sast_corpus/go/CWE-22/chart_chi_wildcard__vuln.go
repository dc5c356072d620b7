package main

// Serves Helm chart files with chi; the wildcard part of the route is joined to the chart directory.

import (
	"net/http"
	"os"
	"path/filepath"

	"github.com/go-chi/chi/v5"
)

func chartFile(w http.ResponseWriter, r *http.Request) {
	rest := chi.URLParam(r, "*")
	data, err := os.ReadFile(filepath.Join("/srv/charts", rest))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	_, _ = w.Write(data)
}

func main() {
	r := chi.NewRouter()
	r.Get("/charts/*", chartFile)
}
