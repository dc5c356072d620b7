package main

// Custom 404 page for user profiles that names the missing user from the route.

import (
	"fmt"
	"net/http"
)

func userProfile(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	fmt.Fprintf(w, "<html><body><h1>No user called %s</h1><a href=\"/\">Home</a></body></html>", r.PathValue("user"))
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /users/{user}", userProfile)
}
