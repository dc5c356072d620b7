package main

// Sends a user to their tenant's subdomain; the tenant must be a single DNS label.

import (
	"net/http"
	"regexp"
)

var label = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

func toTenant(w http.ResponseWriter, r *http.Request) {
	tenant := r.FormValue("tenant")
	if !label.MatchString(tenant) {
		http.Error(w, "bad tenant", http.StatusBadRequest)
		return
	}
	http.Redirect(w, r, "https://"+tenant+".app.example.com/", http.StatusFound)
}

func main() {
	http.HandleFunc("/tenant", toTenant)
}
