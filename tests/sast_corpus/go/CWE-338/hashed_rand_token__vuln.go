package main

// Account activation token: SHA-256 over the time and a math/rand value. Hashing adds no
// unpredictability; both inputs can be guessed.

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand"
	"net/http"
	"time"
)

func activationToken(email string) string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s:%d:%d", email, time.Now().UnixNano(), rand.Int())))
	return hex.EncodeToString(sum[:])
}

func register(w http.ResponseWriter, r *http.Request) {
	token := activationToken(r.PostFormValue("email"))
	_ = token // mailed as the activation link
	w.WriteHeader(http.StatusAccepted)
}

func main() {
	http.HandleFunc("/register", register)
}
