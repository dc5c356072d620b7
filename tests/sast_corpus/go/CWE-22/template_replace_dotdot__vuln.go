package main

// Returns a mail template by name; "../" is stripped once, so "....//" still climbs out.

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

func mailTemplate(w http.ResponseWriter, r *http.Request) {
	name := strings.ReplaceAll(r.URL.Query().Get("tpl"), "../", "")
	body, err := os.ReadFile(filepath.Join("/etc/margo/mail", name))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write(body)
}

func main() {
	http.HandleFunc("/mail/template", mailTemplate)
}
