// Test target for rules/semgrep/go.yml (`semgrep --test`).
//
// A "ruleid" comment marks the next line as a finding the named rule must report; an "ok"
// comment marks a safe near-miss it must not report. This file is parsed by semgrep, never built.
package main

import (
	"context"
	"crypto/aes"
	"crypto/des"
	"crypto/hmac"
	"crypto/md5"
	"crypto/rand"
	"crypto/rc4"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"io"
	mrand "math/rand"
	"net/http"
	"os"
	"time"
)

// ---------------------------------------------------------------- TLS

func tlsConfigs() (*tls.Config, *tls.Config) {
	// ruleid: margo.go.tls-insecure-skip-verify
	insecure := &tls.Config{InsecureSkipVerify: true}
	// ok: margo.go.tls-insecure-skip-verify
	strict := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: false}
	other := &tls.Config{}
	// ruleid: margo.go.tls-insecure-skip-verify
	other.InsecureSkipVerify = true
	return insecure, strict
}

// ---------------------------------------------------------------- weak crypto

func digests(data []byte, key []byte) {
	// ruleid: margo.go.weak-hash
	a := md5.Sum(data)
	// ruleid: margo.go.weak-hash
	h := sha1.New()
	// ok: margo.go.weak-hash
	b := sha256.Sum256(data)
	// ok: margo.go.weak-hash
	mac := hmac.New(sha256.New, key)
	// ok: margo.go.weak-hash
	f := fnv.New64a()
	// ruleid: margo.go.weak-cipher
	block, _ := des.NewCipher(key[:8])
	// ruleid: margo.go.weak-cipher
	stream, _ := rc4.NewCipher(key)
	// ok: margo.go.weak-cipher
	aesBlock, _ := aes.NewCipher(key)
	_, _, _, _, _, _, _, _ = a, h, b, mac, f, block, stream, aesBlock
}

// ---------------------------------------------------------------- timeouts

func servers(handler http.Handler) {
	// ruleid: margo.go.http-server-no-timeout
	bare := &http.Server{Addr: ":8080", Handler: handler}
	// ok: margo.go.http-server-no-timeout
	good := &http.Server{Addr: ":8443", Handler: handler, ReadHeaderTimeout: 5 * time.Second}
	// ok: margo.go.http-server-no-timeout
	later := &http.Server{Addr: ":9090", Handler: handler}
	later.ReadHeaderTimeout = 10 * time.Second
	// ruleid: margo.go.http-listen-no-timeout
	_ = http.ListenAndServe(":8081", handler)
	// ok: margo.go.http-listen-no-timeout
	_ = good.ListenAndServe()
	_ = bare
}

func clients() (*http.Client, *http.Client) {
	// ruleid: margo.go.http-client-no-timeout
	bare := &http.Client{Transport: http.DefaultTransport}
	// ok: margo.go.http-client-no-timeout
	good := &http.Client{Timeout: 30 * time.Second}
	return bare, good
}

// ---------------------------------------------------------------- unchecked errors

func keys(r io.Reader) []byte {
	key := make([]byte, 32)
	// ruleid: margo.go.unchecked-read-error
	rand.Read(key)
	nonce := make([]byte, 12)
	// ruleid: margo.go.unchecked-read-error
	_, _ = io.ReadFull(r, nonce)
	salt := make([]byte, 16)
	// ruleid: margo.go.unchecked-read-error
	n, _ := rand.Read(salt)
	// ok: margo.go.unchecked-read-error
	mrand.Read(salt[:n])
	// ok: margo.go.unchecked-read-error
	if _, err := rand.Read(salt); err != nil {
		panic(err)
	}
	iv := make([]byte, 16)
	// ok: margo.go.unchecked-read-error
	if _, err := io.ReadFull(rand.Reader, iv); err != nil {
		panic(err)
	}
	return append(append(key, nonce...), salt...)
}

// ---------------------------------------------------------------- hard-coded credentials

// ruleid: margo.go.hardcoded-credential
const apiKey = "sk_live_51HxYzExampleExample"

// ok: margo.go.hardcoded-credential
const passwordEnv = "DB_PASSWORD"

// ruleid: margo.go.hardcoded-credential
var signingSecret = []byte("c0nst-jwt-signing-s3cret")

// ok: margo.go.hardcoded-credential
var signingKeyPath = []byte("/run/secrets/signing")

type dbConfig struct {
	User     string
	Password string
}

func credentials() (dbConfig, string, string) {
	// ruleid: margo.go.hardcoded-credential
	cfg := dbConfig{User: "app", Password: "hunter2"}
	// ruleid: margo.go.hardcoded-credential
	jwtSecret := "change-this-secret-0001"
	// ok: margo.go.hardcoded-credential
	dbPassword := os.Getenv("DB_PASSWORD")
	// ok: margo.go.hardcoded-credential
	tokenHeader := "Authorization"
	// ok: margo.go.hardcoded-credential
	emptyToken := ""
	// ok: margo.go.hardcoded-credential
	separatorToken := " | "
	_, _, _ = tokenHeader, emptyToken, separatorToken
	return cfg, jwtSecret, dbPassword
}

func main() {}
