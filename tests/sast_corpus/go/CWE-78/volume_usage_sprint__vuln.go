package main

// Reports the disk usage of the volume named in the route.

import (
	"fmt"
	"net/http"
	"os/exec"
)

func volumeUsage(w http.ResponseWriter, r *http.Request) {
	line := fmt.Sprint("du -sh /var/lib/margo/volumes/", r.PathValue("volume"))
	out, err := exec.Command("sh", "-c", line).Output()
	if err != nil {
		http.Error(w, "du failed", http.StatusInternalServerError)
		return
	}
	_, _ = w.Write(out)
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /volumes/{volume}/usage", volumeUsage)
}
