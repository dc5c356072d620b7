package main

// Legacy endpoint returning a license text by name with ioutil.

import (
	"io/ioutil"
	"net/http"
)

const licenseDir = "/usr/share/licenses/margo/"

func license(w http.ResponseWriter, r *http.Request) {
	text, err := ioutil.ReadFile(licenseDir + r.URL.Query().Get("id"))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write(text)
}

func main() {
	http.HandleFunc("/license", license)
}
