package main

// Serves the public export folder; http.Dir keeps every request path inside it.

import "net/http"

func main() {
	http.Handle("/exports/", http.StripPrefix("/exports", http.FileServer(http.Dir("/srv/exports/public"))))
}
