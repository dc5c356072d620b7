package main

// Serves Helm chart files with chi; the wildcard part of the route is opened through an os.Root.

import (
	"net/http"
	"os"

	"github.com/go-chi/chi/v5"
)

var charts *os.Root

func chartFile(w http.ResponseWriter, r *http.Request) {
	data, err := charts.ReadFile(chi.URLParam(r, "*"))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	_, _ = w.Write(data)
}

func main() {
	root, err := os.OpenRoot("/srv/charts")
	if err != nil {
		return
	}
	charts = root
	r := chi.NewRouter()
	r.Get("/charts/*", chartFile)
}
