package main

// Sends a test line to the configured syslog collector; the form only supplies the message tag.

import (
	"fmt"
	"net"
	"net/http"
	"regexp"
	"time"
)

const collector = "logs.internal.example.com:514"

var tag = regexp.MustCompile(`^[a-z0-9-]{1,32}$`)

func testSyslog(w http.ResponseWriter, r *http.Request) {
	t := r.PostFormValue("tag")
	if !tag.MatchString(t) {
		http.Error(w, "bad tag", http.StatusBadRequest)
		return
	}
	conn, err := net.DialTimeout("tcp", collector, 3*time.Second)
	if err != nil {
		http.Error(w, "unreachable", http.StatusBadGateway)
		return
	}
	defer conn.Close()
	_, _ = fmt.Fprintf(conn, "<14>%s: connectivity test\n", t)
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/syslog/test", testSyslog)
}
