package main

// TLS settings of the MQTT bridge with verification explicitly on.

import (
	"crypto/tls"
	"crypto/x509"
)

func bridgeTLS(pool *x509.CertPool, serverName string) *tls.Config {
	return &tls.Config{
		RootCAs:            pool,
		ServerName:         serverName,
		MinVersion:         tls.VersionTLS12,
		InsecureSkipVerify: false,
	}
}

func main() {
	_ = bridgeTLS(x509.NewCertPool(), "mqtt.example.com")
}
