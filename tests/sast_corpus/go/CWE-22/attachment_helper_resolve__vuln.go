package main

// Sends a ticket attachment; a helper maps the attachment name to its location on disk.

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
)

func attachmentPath(ticket, name string) string {
	return filepath.Join("/var/lib/helpdesk/attachments", ticket, name)
}

func attachment(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f, err := os.Open(attachmentPath(q.Get("ticket"), q.Get("name")))
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
