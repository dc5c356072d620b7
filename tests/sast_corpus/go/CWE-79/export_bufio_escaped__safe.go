package main

// Streams an HTML export through a buffered writer; the heading is escaped.

import (
	"bufio"
	"html"
	"net/http"
)

func export(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	_, _ = bw.WriteString("<h1>Export: " + html.EscapeString(r.URL.Query().Get("name")) + "</h1><table>")
	_, _ = bw.WriteString("</table>")
}

func main() {
	http.HandleFunc("/export.html", export)
}
