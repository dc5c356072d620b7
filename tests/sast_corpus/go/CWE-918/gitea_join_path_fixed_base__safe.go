package main

// Repository mirror: looks up a repository on the company Git server; the form gives owner and name.

import (
	"net/http"
	"net/url"
	"regexp"
)

const gitServer = "https://git.example.com"

var repoName = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$`)

func repoInfo(w http.ResponseWriter, r *http.Request) {
	owner, repo := r.FormValue("owner"), r.FormValue("repo")
	if !repoName.MatchString(owner) || !repoName.MatchString(repo) {
		http.Error(w, "bad repository", http.StatusBadRequest)
		return
	}
	api, err := url.JoinPath(gitServer, "api", "v1", "repos", owner, repo)
	if err != nil {
		http.Error(w, "bad repository", http.StatusBadRequest)
		return
	}
	resp, err := http.Get(api)
	if err != nil {
		http.Error(w, "server unreachable", http.StatusBadGateway)
		return
	}
	resp.Body.Close()
	w.WriteHeader(resp.StatusCode)
}

func main() {
	http.HandleFunc("/mirrors/repo", repoInfo)
}
