package main

// Sends unauthenticated users to the login page on "this" host, taken from X-Forwarded-Host.

import (
	"net/http"
)

func requireLogin(w http.ResponseWriter, r *http.Request) {
	host := r.Header.Get("X-Forwarded-Host")
	http.Redirect(w, r, "https://"+host+"/login", http.StatusFound)
}

func main() {
	http.HandleFunc("/account", requireLogin)
}
