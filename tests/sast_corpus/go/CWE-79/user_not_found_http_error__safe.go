package main

// 404 for user profiles naming the missing user; http.Error sends text/plain with nosniff.

import (
	"net/http"
)

func userProfile(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "no user called "+r.PathValue("user"), http.StatusNotFound)
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /users/{user}", userProfile)
}
