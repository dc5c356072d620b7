package main

// Finishes single sign-on by sending the user back to the saved page, if it is a local path.

import (
	"net/http"
	"strings"
)

func isLocal(p string) bool {
	return strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "//") && !strings.HasPrefix(p, `/\`)
}

func ssoCallback(w http.ResponseWriter, r *http.Request) {
	target := "/"
	if c, err := r.Cookie("post_login_redirect"); err == nil && isLocal(c.Value) {
		target = c.Value
	}
	http.Redirect(w, r, target, http.StatusFound)
}

func main() {
	http.HandleFunc("/sso/callback", ssoCallback)
}
