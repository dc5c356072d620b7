package main

// Windows agent: reports the size of a share with a fixed script; the share name is a script parameter.

import (
	"net/http"
	"os/exec"
	"regexp"
)

var shareName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

func shareSize(w http.ResponseWriter, r *http.Request) {
	share := r.URL.Query().Get("share")
	if !shareName.MatchString(share) {
		http.Error(w, "bad share", http.StatusBadRequest)
		return
	}
	out, err := exec.Command("powershell.exe", "-NoProfile", "-File",
		`C:\Program Files\Margo\share-size.ps1`, "-Share", share).Output()
	if err != nil {
		http.Error(w, "measure failed", http.StatusInternalServerError)
		return
	}
	_, _ = w.Write(out)
}

func main() {
	http.HandleFunc("/shares/size", shareSize)
}
