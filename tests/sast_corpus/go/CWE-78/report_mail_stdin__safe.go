package main

// Mails a short incident note typed into a form; the note is the mail program's standard input.

import (
	"net/http"
	"os/exec"
	"strings"
)

func mailNote(w http.ResponseWriter, r *http.Request) {
	cmd := exec.Command("mail", "-s", "incident note", "oncall@example.com")
	cmd.Stdin = strings.NewReader(r.PostFormValue("note"))
	if err := cmd.Run(); err != nil {
		http.Error(w, "not sent", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

func main() {
	http.HandleFunc("/incidents/note", mailNote)
}
