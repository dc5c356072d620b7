package main

// Windows agent: lists the fixed log folder through cmd.exe.

import (
	"net/http"
	"os/exec"
)

func listLogs(w http.ResponseWriter, r *http.Request) {
	out, err := exec.Command("cmd.exe", "/C", "dir /B C:\\ProgramData\\Margo\\logs").Output()
	if err != nil {
		http.Error(w, "listing failed", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write(out)
}

func main() {
	http.HandleFunc("/logs/list", listLogs)
}
