package main

// Serves an application package, keeping only the last element of the name.

import (
	"net/http"
	"path/filepath"

	"github.com/gorilla/mux"
)

const packageDir = "/srv/packages"

func packageFile(w http.ResponseWriter, r *http.Request) {
	name := filepath.Base(mux.Vars(r)["name"])
	http.ServeFile(w, r, filepath.Join(packageDir, name))
}

func main() {
	router := mux.NewRouter()
	router.HandleFunc("/packages/{name}", packageFile)
}
