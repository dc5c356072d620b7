package main

// Admin console: splits the submitted command line into words and runs it.

import (
	"net/http"
	"os/exec"
	"strings"
)

func console(w http.ResponseWriter, r *http.Request) {
	words := strings.Fields(r.PostFormValue("cmdline"))
	if len(words) == 0 {
		http.Error(w, "empty", http.StatusBadRequest)
		return
	}
	out, err := exec.Command(words[0], words[1:]...).CombinedOutput()
	if err != nil {
		http.Error(w, "command failed", http.StatusUnprocessableEntity)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write(out)
}

func main() {
	http.HandleFunc("/admin/console", console)
}
