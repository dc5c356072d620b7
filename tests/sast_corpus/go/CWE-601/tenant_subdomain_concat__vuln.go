package main

// Sends a user to their tenant's subdomain; "evil.example/" as tenant makes the host evil.example.

import (
	"net/http"
)

func toTenant(w http.ResponseWriter, r *http.Request) {
	tenant := r.FormValue("tenant")
	http.Redirect(w, r, "https://"+tenant+".app.example.com/", http.StatusFound)
}

func main() {
	http.HandleFunc("/tenant", toTenant)
}
