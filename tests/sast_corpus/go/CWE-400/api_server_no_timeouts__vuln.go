package main

// Public API server of the fleet manager.

import (
	"log"
	"net/http"
	"time"
)

func main() {
	srv := &http.Server{
		Addr:         ":8443",
		Handler:      http.NewServeMux(),
		WriteTimeout: 30 * time.Second,
		IdleTimeout:  2 * time.Minute,
	}
	log.Fatal(srv.ListenAndServeTLS("/etc/fleet/tls.crt", "/etc/fleet/tls.key"))
}
