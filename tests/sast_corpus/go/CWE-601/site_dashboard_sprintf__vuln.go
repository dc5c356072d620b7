package main

// Multi-site admin: jumps to the dashboard of the site given in the query.

import (
	"fmt"
	"net/http"
)

func jump(w http.ResponseWriter, r *http.Request) {
	site := r.URL.Query().Get("site")
	http.Redirect(w, r, fmt.Sprintf("%s/admin/dashboard", site), http.StatusFound)
}

func main() {
	http.HandleFunc("/admin/jump", jump)
}
