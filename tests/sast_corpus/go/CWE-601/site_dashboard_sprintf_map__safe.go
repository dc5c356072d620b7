package main

// Multi-site admin: jumps to the dashboard of one of the managed sites.

import (
	"fmt"
	"net/http"
)

var sites = map[string]string{"eu": "https://eu.example.com", "us": "https://us.example.com"}

func jump(w http.ResponseWriter, r *http.Request) {
	site, ok := sites[r.URL.Query().Get("site")]
	if !ok {
		http.Error(w, "unknown site", http.StatusBadRequest)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("%s/admin/dashboard", site), http.StatusFound)
}

func main() {
	http.HandleFunc("/admin/jump", jump)
}
