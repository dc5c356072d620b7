package main

// Runs the linter over a path named in the form; a constant script reads the path from the environment.

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
)

const lintScript = `cd /srv/scripts && shellcheck -- "$LINT_TARGET"`

func lint(w http.ResponseWriter, r *http.Request) {
	target := r.FormValue("path")
	if !filepath.IsLocal(target) {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	cmd := exec.Command("/usr/bin/env", "bash", "-c", lintScript)
	cmd.Env = append(os.Environ(), "LINT_TARGET="+target)
	out, err := cmd.CombinedOutput()
	if err != nil {
		w.WriteHeader(http.StatusUnprocessableEntity)
	}
	_, _ = w.Write(out)
}

func main() {
	http.HandleFunc("/lint", lint)
}
