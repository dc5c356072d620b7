package main

// Sends a ticket attachment; the helper refuses names that resolve outside the attachment store.

import (
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

const attachmentRoot = "/var/lib/helpdesk/attachments"

func attachmentPath(ticket, name string) (string, error) {
	p := filepath.Join(attachmentRoot, ticket, name)
	rel, err := filepath.Rel(attachmentRoot, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", errors.New("attachment outside the store")
	}
	return p, nil
}

func attachment(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p, err := attachmentPath(q.Get("ticket"), q.Get("name"))
	if err != nil {
		http.Error(w, "bad name", http.StatusBadRequest)
		return
	}
	f, err := os.Open(p)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", "application/octet-stream")
	_, _ = io.Copy(w, f)
}

func main() {
	http.HandleFunc("/attachments", attachment)
}
