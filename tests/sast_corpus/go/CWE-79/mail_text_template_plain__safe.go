package main

// Sends a plain-text reset e-mail rendered with text/template; the output is never served as HTML.

import (
	"bytes"
	"net/http"
	"net/smtp"
	"text/template"
)

var resetMail = template.Must(template.New("mail").Parse("Hello {{.}},\n\nfollow the link we sent to reset your password.\n"))

func requestReset(w http.ResponseWriter, r *http.Request) {
	var body bytes.Buffer
	if err := resetMail.Execute(&body, r.PostFormValue("name")); err != nil {
		http.Error(w, "cannot render", http.StatusInternalServerError)
		return
	}
	msg := append([]byte("Subject: Password reset\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"), body.Bytes()...)
	if err := smtp.SendMail("localhost:25", nil, "noreply@example.com", []string{"user@example.com"}, msg); err != nil {
		http.Error(w, "cannot send", http.StatusBadGateway)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

func main() {
	http.HandleFunc("/reset", requestReset)
}
