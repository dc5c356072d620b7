package main

// Mail settings page: verifies the configured SMTP relay; the form only gives the HELO name to try.

import (
	"net/http"
	"net/smtp"
	"regexp"
)

const relay = "smtp.internal.example.com:587"

var heloName = regexp.MustCompile(`^[a-z0-9.-]{1,253}$`)

func verifyRelay(w http.ResponseWriter, r *http.Request) {
	helo := r.PostFormValue("helo")
	if !heloName.MatchString(helo) {
		http.Error(w, "bad name", http.StatusBadRequest)
		return
	}
	c, err := smtp.Dial(relay)
	if err != nil {
		http.Error(w, "relay unreachable", http.StatusBadGateway)
		return
	}
	defer c.Close()
	if err := c.Hello(helo); err != nil {
		http.Error(w, "relay refused", http.StatusBadGateway)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/settings/mail/verify", verifyRelay)
}
