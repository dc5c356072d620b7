package main

// Finishes single sign-on by sending the user back to the page saved in a cookie before login.

import (
	"net/http"
)

func ssoCallback(w http.ResponseWriter, r *http.Request) {
	target := "/"
	if c, err := r.Cookie("post_login_redirect"); err == nil {
		target = c.Value
	}
	http.Redirect(w, r, target, http.StatusFound)
}

func main() {
	http.HandleFunc("/sso/callback", ssoCallback)
}
