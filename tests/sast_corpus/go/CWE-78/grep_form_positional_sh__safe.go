package main

// Counts log lines matching the submitted pattern; the shell script reads it as "$1", never as code.

import (
	"net/http"
	"os/exec"
)

const countScript = `grep -c -e "$1" /var/log/margo/agent.log || true`

func countMatches(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil || len(r.Form["pattern"]) == 0 {
		http.Error(w, "no pattern", http.StatusBadRequest)
		return
	}
	out, err := exec.Command("sh", "-c", countScript, "sh", r.Form["pattern"][0]).Output()
	if err != nil {
		http.Error(w, "grep failed", http.StatusInternalServerError)
		return
	}
	_, _ = w.Write(out)
}

func main() {
	http.HandleFunc("/logs/count", countMatches)
}
