package main

// Tests a remote syslog target by opening a TCP connection to the address posted in the form.

import (
	"net"
	"net/http"
	"time"
)

func testSyslog(w http.ResponseWriter, r *http.Request) {
	conn, err := net.DialTimeout("tcp", r.PostFormValue("addr"), 3*time.Second)
	if err != nil {
		http.Error(w, "unreachable", http.StatusBadGateway)
		return
	}
	defer conn.Close()
	_, _ = conn.Write([]byte("<14>margo: connectivity test\n"))
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/syslog/test", testSyslog)
}
