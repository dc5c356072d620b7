package main

// Mails a short incident note typed into a form; sendmail gets fixed headers and then the note as
// the message body on standard input (sendmail has no escape commands, unlike interactive mailx).

import (
	"io"
	"net/http"
	"os/exec"
	"strings"
)

func mailNote(w http.ResponseWriter, r *http.Request) {
	cmd := exec.Command("/usr/sbin/sendmail", "-i", "--", "oncall@example.com")
	cmd.Stdin = io.MultiReader(
		strings.NewReader("Subject: incident note\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"),
		strings.NewReader(r.PostFormValue("note")),
	)
	if err := cmd.Run(); err != nil {
		http.Error(w, "not sent", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

func main() {
	http.HandleFunc("/incidents/note", mailNote)
}
