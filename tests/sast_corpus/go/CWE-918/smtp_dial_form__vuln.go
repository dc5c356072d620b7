package main

// Mail settings page: verifies the SMTP relay posted in the form by connecting to it.

import (
	"net/http"
	"net/smtp"
)

func verifyRelay(w http.ResponseWriter, r *http.Request) {
	c, err := smtp.Dial(r.PostFormValue("relay"))
	if err != nil {
		http.Error(w, "relay unreachable", http.StatusBadGateway)
		return
	}
	defer c.Close()
	if err := c.Hello("margo.example.com"); err != nil {
		http.Error(w, "relay refused", http.StatusBadGateway)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/settings/mail/verify", verifyRelay)
}
