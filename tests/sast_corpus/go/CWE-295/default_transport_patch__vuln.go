package main

// Makes every request through the default transport skip certificate checks.

import (
	"crypto/tls"
	"net/http"
)

func init() {
	http.DefaultTransport.(*http.Transport).TLSClientConfig = &tls.Config{InsecureSkipVerify: true}
}

func main() {}
