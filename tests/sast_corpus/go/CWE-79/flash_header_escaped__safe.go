package main

// Shows the flash message a previous step put in the X-Flash header, escaped.

import (
	"fmt"
	"html"
	"net/http"
)

func flash(w http.ResponseWriter, r *http.Request) {
	msg := html.EscapeString(r.Header.Get("X-Flash"))
	w.Header().Set("Content-Type", "text/html")
	fmt.Fprint(w, `<div class="flash">`+msg+`</div>`)
}

func main() {
	http.HandleFunc("/flash", flash)
}
