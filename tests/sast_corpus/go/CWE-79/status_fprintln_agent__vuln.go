package main

// Debug page listing the caller's user agent in an HTML table.

import (
	"fmt"
	"net/http"
)

func debugClient(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintln(w, "<table><tr><th>User-Agent</th><td>"+r.UserAgent()+"</td></tr></table>")
}

func main() {
	http.HandleFunc("/debug/client", debugClient)
}
