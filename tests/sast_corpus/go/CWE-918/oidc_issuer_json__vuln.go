package main

// SSO setup: reads the OpenID configuration of the issuer an administrator typed into the JSON body.

import (
	"encoding/json"
	"net/http"
	"strings"
)

type ssoSetup struct {
	Issuer string `json:"issuer"`
}

func setupSSO(w http.ResponseWriter, r *http.Request) {
	var s ssoSetup
	if err := json.NewDecoder(r.Body).Decode(&s); err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	discovery := strings.TrimSuffix(s.Issuer, "/") + "/.well-known/openid-configuration"
	resp, err := http.Get(discovery)
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
