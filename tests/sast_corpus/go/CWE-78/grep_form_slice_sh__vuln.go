package main

// Counts log lines matching the pattern submitted in the form.

import (
	"net/http"
	"os/exec"
)

func countMatches(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil || len(r.Form["pattern"]) == 0 {
		http.Error(w, "no pattern", http.StatusBadRequest)
		return
	}
	pattern := r.Form["pattern"][0]
	out, err := exec.Command("sh", "-c", "grep -c \""+pattern+"\" /var/log/margo/agent.log").Output()
	if err != nil {
		http.Error(w, "grep failed", http.StatusInternalServerError)
		return
	}
	_, _ = w.Write(out)
}

func main() {
	http.HandleFunc("/logs/count", countMatches)
}
