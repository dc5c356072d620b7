package main

// Region picker: builds the console URL on the fixed host with the region as an escaped path segment.

import (
	"net/http"
	"net/url"
	"strings"
)

func pickRegion(w http.ResponseWriter, r *http.Request) {
	var b strings.Builder
	b.WriteString("https://console.example.com/")
	b.WriteString(url.PathEscape(r.PostFormValue("region")))
	b.WriteString("/")
	http.Redirect(w, r, b.String(), http.StatusSeeOther)
}

func main() {
	http.HandleFunc("/region", pickRegion)
}
