package main

// Names of headers and form fields; they mention tokens but hold none.

import "net/http"

const (
	tokenHeader   = "Authorization"
	passwordField = "password"
	apiKeyHeader  = "X-API-Key"
)

func credentialsFrom(r *http.Request) (string, string, string) {
	return r.Header.Get(tokenHeader), r.FormValue(passwordField), r.Header.Get(apiKeyHeader)
}

func main() {}
