package main

// Creates the working directory of a project named in the form, after checking the name is local.

import (
	"net/http"
	"os"
	"path/filepath"
)

func createWorkspace(w http.ResponseWriter, r *http.Request) {
	project := r.PostFormValue("project")
	if !filepath.IsLocal(project) {
		http.Error(w, "bad project", http.StatusBadRequest)
		return
	}
	if err := os.MkdirAll(filepath.Join("/srv/workspaces", project, "work"), 0o750); err != nil {
		http.Error(w, "cannot create", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusCreated)
}

func main() {
	http.HandleFunc("/workspaces", createWorkspace)
}
