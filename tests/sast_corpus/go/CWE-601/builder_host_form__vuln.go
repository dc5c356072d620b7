package main

// Region picker: builds the regional console URL from the host submitted in the form.

import (
	"net/http"
	"strings"
)

func pickRegion(w http.ResponseWriter, r *http.Request) {
	var b strings.Builder
	b.WriteString("https://")
	b.WriteString(r.PostFormValue("console_host"))
	b.WriteString("/console/")
	http.Redirect(w, r, b.String(), http.StatusSeeOther)
}

func main() {
	http.HandleFunc("/region", pickRegion)
}
