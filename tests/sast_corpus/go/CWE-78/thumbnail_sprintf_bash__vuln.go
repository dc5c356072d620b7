package main

// Renders a thumbnail at the width requested in the form with ImageMagick.

import (
	"fmt"
	"net/http"
	"os/exec"
)

func thumbnail(w http.ResponseWriter, r *http.Request) {
	width := r.FormValue("width")
	script := fmt.Sprintf("convert /srv/media/current.png -resize %sx /srv/media/thumb.png", width)
	if err := exec.Command("bash", "-c", script).Run(); err != nil {
		http.Error(w, "resize failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/media/thumbnail", thumbnail)
}
