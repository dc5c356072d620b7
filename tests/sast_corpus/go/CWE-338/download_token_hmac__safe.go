package main

// Signed download URL: an HMAC over the export id and expiry with the server key, no randomness needed.

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"time"
)

var urlKey = []byte(os.Getenv("DOWNLOAD_URL_KEY"))

func exportLink(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.URL.Query().Get("export"), 10, 64)
	if err != nil {
		http.Error(w, "bad export id", http.StatusBadRequest)
		return
	}
	expires := time.Now().Add(15 * time.Minute).Unix()
	mac := hmac.New(sha256.New, urlKey)
	fmt.Fprintf(mac, "%d:%d", id, expires)
	sig := hex.EncodeToString(mac.Sum(nil))
	w.Header().Set("Location", fmt.Sprintf("/exports/download?id=%d&exp=%d&sig=%s", id, expires, sig))
	w.WriteHeader(http.StatusCreated)
}

func main() {
	http.HandleFunc("/exports/link", exportLink)
}
