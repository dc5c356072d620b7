package main

// Renders a thumbnail at the width requested in the form; the width is an integer passed as an argument.

import (
	"fmt"
	"net/http"
	"os/exec"
	"strconv"
)

func thumbnail(w http.ResponseWriter, r *http.Request) {
	width, err := strconv.Atoi(r.FormValue("width"))
	if err != nil || width < 16 || width > 2048 {
		http.Error(w, "bad width", http.StatusBadRequest)
		return
	}
	resize := fmt.Sprintf("%dx", width)
	if err := exec.Command("convert", "/srv/media/current.png", "-resize", resize, "/srv/media/thumb.png").Run(); err != nil {
		http.Error(w, "resize failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/media/thumbnail", thumbnail)
}
