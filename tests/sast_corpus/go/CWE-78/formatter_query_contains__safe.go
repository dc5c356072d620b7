package main

// Formats a snippet with one of the installed formatters the client may name.

import (
	"net/http"
	"os/exec"
	"slices"
)

var formatters = []string{"gofmt", "shfmt", "black"}

func format(w http.ResponseWriter, r *http.Request) {
	formatter := r.URL.Query().Get("formatter")
	if !slices.Contains(formatters, formatter) {
		http.Error(w, "unknown formatter", http.StatusBadRequest)
		return
	}
	cmd := exec.Command(formatter)
	cmd.Stdin = r.Body
	out, err := cmd.Output()
	if err != nil {
		http.Error(w, "format failed", http.StatusUnprocessableEntity)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write(out)
}

func main() {
	http.HandleFunc("/format", format)
}
