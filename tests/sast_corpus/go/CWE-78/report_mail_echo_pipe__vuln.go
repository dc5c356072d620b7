package main

// Mails a short incident note typed into a form, piping it through echo.

import (
	"fmt"
	"net/http"
	"os/exec"
)

func mailNote(w http.ResponseWriter, r *http.Request) {
	note := r.PostFormValue("note")
	line := fmt.Sprintf("echo '%s' | mail -s 'incident note' oncall@example.com", note)
	if err := exec.Command("bash", "-c", line).Run(); err != nil {
		http.Error(w, "not sent", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

func main() {
	http.HandleFunc("/incidents/note", mailNote)
}
