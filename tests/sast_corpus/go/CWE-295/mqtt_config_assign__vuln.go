package main

// TLS settings of the MQTT bridge, relaxed after construction.

import (
	"crypto/tls"
	"crypto/x509"
)

func bridgeTLS(pool *x509.CertPool) *tls.Config {
	cfg := &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	cfg.InsecureSkipVerify = true
	return cfg
}

func main() {
	_ = bridgeTLS(x509.NewCertPool())
}
