package main

// Runs the configured linter over the path named in the form, through /usr/bin/env bash.

import (
	"net/http"
	"os/exec"
)

func lint(w http.ResponseWriter, r *http.Request) {
	target := r.FormValue("path")
	out, err := exec.Command("/usr/bin/env", "bash", "-c", "shellcheck /srv/scripts/"+target).CombinedOutput()
	if err != nil {
		w.WriteHeader(http.StatusUnprocessableEntity)
	}
	_, _ = w.Write(out)
}

func main() {
	http.HandleFunc("/lint", lint)
}
