package main

// Windows agent: lists the log folder named in the query through cmd.exe.

import (
	"net/http"
	"os/exec"
)

func listLogs(w http.ResponseWriter, r *http.Request) {
	folder := r.URL.Query().Get("folder")
	out, err := exec.Command("cmd.exe", "/C", "dir /B C:\\ProgramData\\Margo\\logs\\"+folder).Output()
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
