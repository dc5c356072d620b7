package main

// Windows agent: reports the size of the share named in the query with a PowerShell one-liner.

import (
	"net/http"
	"os/exec"
)

func shareSize(w http.ResponseWriter, r *http.Request) {
	share := r.URL.Query().Get("share")
	ps := "(Get-ChildItem -Recurse \\\\fileserver\\" + share + " | Measure-Object -Sum Length).Sum"
	out, err := exec.Command("powershell.exe", "-NoProfile", "-Command", ps).Output()
	if err != nil {
		http.Error(w, "measure failed", http.StatusInternalServerError)
		return
	}
	_, _ = w.Write(out)
}

func main() {
	http.HandleFunc("/shares/size", shareSize)
}
