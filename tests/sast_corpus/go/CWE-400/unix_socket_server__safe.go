package main

// Serves the local control API on a unix socket with a header timeout.

import (
	"log"
	"net"
	"net/http"
	"time"
)

func main() {
	ln, err := net.Listen("unix", "/run/agent/control.sock")
	if err != nil {
		log.Fatal(err)
	}
	srv := &http.Server{Handler: http.NewServeMux(), ReadHeaderTimeout: 3 * time.Second}
	log.Fatal(srv.Serve(ln))
}
