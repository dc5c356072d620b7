package main

// Returns a mail template by name; any name containing ".." or a separator is refused.

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

func mailTemplate(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("tpl")
	if name == "" || strings.Contains(name, "..") || strings.ContainsAny(name, `/\`) {
		http.Error(w, "bad template", http.StatusBadRequest)
		return
	}
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
