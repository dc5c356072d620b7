package main

// Serves an application package by the name in the route.

import (
	"net/http"
	"path/filepath"

	"github.com/gorilla/mux"
)

const packageDir = "/srv/packages"

func packageFile(w http.ResponseWriter, r *http.Request) {
	name := mux.Vars(r)["name"]
	http.ServeFile(w, r, filepath.Join(packageDir, name))
}

func main() {
	router := mux.NewRouter()
	router.HandleFunc("/packages/{name:.+}", packageFile)
}
