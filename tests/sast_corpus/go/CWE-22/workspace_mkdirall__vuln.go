package main

// Creates the working directory of a project named in the form.

import (
	"net/http"
	"os"
	"path/filepath"
)

func createWorkspace(w http.ResponseWriter, r *http.Request) {
	dir := filepath.Join("/srv/workspaces", r.PostFormValue("project"), "work")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		http.Error(w, "cannot create", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusCreated)
}

func main() {
	http.HandleFunc("/workspaces", createWorkspace)
}
