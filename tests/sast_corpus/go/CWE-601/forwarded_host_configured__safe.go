package main

// Sends unauthenticated users to the login page on the configured public base URL.

import (
	"net/http"
	"os"
)

var publicBase = os.Getenv("PUBLIC_BASE_URL")

func requireLogin(w http.ResponseWriter, r *http.Request) {
	base := publicBase
	if base == "" {
		base = "https://app.example.com"
	}
	http.Redirect(w, r, base+"/login", http.StatusFound)
}

func main() {
	http.HandleFunc("/account", requireLogin)
}
