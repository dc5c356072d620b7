package main

// Legacy URL shim: old paths move permanently to their new, constant locations.

import (
	"net/http"
)

func main() {
	http.Handle("/old-docs/", http.RedirectHandler("/docs/", http.StatusMovedPermanently))
	http.Handle("/blog", http.RedirectHandler("https://blog.example.com/", http.StatusMovedPermanently))
}
