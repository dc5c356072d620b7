package main

// Serves the local control API on a unix socket.

import (
	"log"
	"net"
	"net/http"
)

func main() {
	ln, err := net.Listen("unix", "/run/agent/control.sock")
	if err != nil {
		log.Fatal(err)
	}
	log.Fatal(http.Serve(ln, http.NewServeMux()))
}
