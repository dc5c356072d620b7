package main

// Download redirector: sends the client to the release file on the mirror it asked for.

import (
	"net/http"
	"strings"
)

func fromMirror(w http.ResponseWriter, r *http.Request) {
	mirror := strings.TrimSuffix(r.URL.Query().Get("mirror"), "/")
	http.Redirect(w, r, mirror+"/margo/"+r.PathValue("version")+"/margo.tar.gz", http.StatusFound)
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /download/{version}", fromMirror)
}
