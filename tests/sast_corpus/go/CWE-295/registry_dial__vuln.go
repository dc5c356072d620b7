package main

// Dials the image registry directly to read its TLS version, trusting any certificate.

import "crypto/tls"

func registryVersion(addr string) (uint16, error) {
	conn, err := tls.Dial("tcp", addr, &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: true})
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	return conn.ConnectionState().Version, nil
}

func main() {
	_, _ = registryVersion("registry.example.com:443")
}
