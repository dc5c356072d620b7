package main

// Deploys the image tag from the query; the tag is checked and passed as one argument to kubectl.

import (
	"net/http"
	"os/exec"
	"regexp"
)

var imageTag = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`)

func deploy(w http.ResponseWriter, r *http.Request) {
	tag := r.URL.Query().Get("tag")
	if !imageTag.MatchString(tag) {
		http.Error(w, "bad tag", http.StatusBadRequest)
		return
	}
	image := "web=registry.example.com/web:" + tag
	if err := exec.Command("kubectl", "set", "image", "deployment/web", image).Run(); err != nil {
		http.Error(w, "deploy failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

func main() {
	http.HandleFunc("/deploy", deploy)
}
