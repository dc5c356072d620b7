package main

// Outbound link tracker: /out/{target...} counts the click and forwards to the target host and path.

import (
	"net/http"
	"sync/atomic"
)

var clicks atomic.Int64

func outbound(w http.ResponseWriter, r *http.Request) {
	clicks.Add(1)
	http.Redirect(w, r, "https://"+r.PathValue("target"), http.StatusFound)
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /out/{target...}", outbound)
}
