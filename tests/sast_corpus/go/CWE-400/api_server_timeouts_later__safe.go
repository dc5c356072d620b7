package main

// Public API server whose timeouts come from configuration.

import (
	"log"
	"net/http"
	"time"
)

type Config struct {
	HeaderTimeout time.Duration
}

func main() {
	cfg := Config{HeaderTimeout: 10 * time.Second}
	srv := &http.Server{Addr: ":8443", Handler: http.NewServeMux()}
	srv.ReadHeaderTimeout = cfg.HeaderTimeout
	log.Fatal(srv.ListenAndServeTLS("/etc/fleet/tls.crt", "/etc/fleet/tls.key"))
}
