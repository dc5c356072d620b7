package main

// Preview server: checks out the branch remembered in the reviewer's cookie.

import (
	"net/http"
	"os/exec"
)

func preview(w http.ResponseWriter, r *http.Request) {
	c, err := r.Cookie("preview_branch")
	if err != nil {
		http.Error(w, "no branch", http.StatusBadRequest)
		return
	}
	cmd := exec.Command("sh", "-c", "cd /srv/preview && git checkout "+c.Value+" && make site")
	if err := cmd.Run(); err != nil {
		http.Error(w, "build failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/preview", preview)
}
