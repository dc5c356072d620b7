package main

// Renders a deploy command line from a template with the image tag from the query, then runs it.

import (
	"net/http"
	"os/exec"
	"strings"
	"text/template"
)

var deployLine = template.Must(template.New("deploy").Parse(
	"kubectl set image deployment/web web=registry.example.com/web:{{.}}"))

func deploy(w http.ResponseWriter, r *http.Request) {
	var line strings.Builder
	if err := deployLine.Execute(&line, r.URL.Query().Get("tag")); err != nil {
		http.Error(w, "bad tag", http.StatusBadRequest)
		return
	}
	if err := exec.Command("sh", "-c", line.String()).Run(); err != nil {
		http.Error(w, "deploy failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

func main() {
	http.HandleFunc("/deploy", deploy)
}
