package main

// Server-side mutual TLS: every client must present a certificate from our CA.

import (
	"crypto/tls"
	"crypto/x509"
)

func serverTLS(clientCAs *x509.CertPool, cert tls.Certificate) *tls.Config {
	return &tls.Config{
		Certificates: []tls.Certificate{cert},
		ClientCAs:    clientCAs,
		ClientAuth:   tls.RequireAndVerifyClientCert,
		MinVersion:   tls.VersionTLS13,
	}
}

func main() {
	_ = serverTLS(x509.NewCertPool(), tls.Certificate{})
}
