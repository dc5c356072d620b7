package main

// Returns an uploaded script's text by the path in a JSON body, read through os.DirFS.

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"os"
)

var scripts = os.DirFS("/srv/scripts")

type readRequest struct {
	Script string `json:"script"`
}

func readScript(w http.ResponseWriter, r *http.Request) {
	var req readRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	// fs.FS implementations reject names that are not fs.ValidPath ("..", leading "/").
	data, err := fs.ReadFile(scripts, req.Script)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write(data)
}

func main() {
	http.HandleFunc("/scripts/read", readScript)
}
