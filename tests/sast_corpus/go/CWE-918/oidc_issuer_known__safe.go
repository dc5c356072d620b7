package main

// SSO setup: reads the OpenID configuration of one of the supported identity providers.

import (
	"encoding/json"
	"net/http"
)

var issuers = map[string]string{
	"google":    "https://accounts.google.com",
	"microsoft": "https://login.microsoftonline.com/common/v2.0",
}

type ssoSetup struct {
	Provider string `json:"provider"`
}

func setupSSO(w http.ResponseWriter, r *http.Request) {
	var s ssoSetup
	if err := json.NewDecoder(r.Body).Decode(&s); err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	issuer, ok := issuers[s.Provider]
	if !ok {
		http.Error(w, "unsupported provider", http.StatusBadRequest)
		return
	}
	resp, err := http.Get(issuer + "/.well-known/openid-configuration")
	if err != nil {
		http.Error(w, "issuer unreachable", http.StatusBadGateway)
		return
	}
	resp.Body.Close()
	w.WriteHeader(http.StatusCreated)
}

func main() {
	http.HandleFunc("/admin/sso", setupSSO)
}
