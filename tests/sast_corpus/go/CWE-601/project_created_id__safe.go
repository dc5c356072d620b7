package main

// Creates a project and redirects to its page, by the numeric id the form carried.

import (
	"net/http"
	"strconv"
)

func created(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PostFormValue("project_id"), 10, 64)
	if err != nil || id <= 0 {
		http.Error(w, "bad id", http.StatusBadRequest)
		return
	}
	http.Redirect(w, r, "/projects/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func main() {
	http.HandleFunc("/projects/created", created)
}
