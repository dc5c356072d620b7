package main

// Preview server: checks out the branch remembered in the reviewer's cookie, without a shell.

import (
	"net/http"
	"os/exec"
	"regexp"
)

var branchName = regexp.MustCompile(`^[A-Za-z0-9._/-]{1,100}$`)

func preview(w http.ResponseWriter, r *http.Request) {
	c, err := r.Cookie("preview_branch")
	if err != nil || !branchName.MatchString(c.Value) {
		http.Error(w, "no branch", http.StatusBadRequest)
		return
	}
	checkout := exec.Command("git", "checkout", "--end-of-options", c.Value)
	checkout.Dir = "/srv/preview"
	if err := checkout.Run(); err != nil {
		http.Error(w, "checkout failed", http.StatusInternalServerError)
		return
	}
	build := exec.Command("make", "site")
	build.Dir = "/srv/preview"
	if err := build.Run(); err != nil {
		http.Error(w, "build failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/preview", preview)
}
