package main

// Server-side rendering: embeds the initial state in a script tag as JSON; json.Marshal escapes
// <, > and & as \u003c, \u003e and \u0026, so the block cannot be closed from inside.

import (
	"encoding/json"
	"fmt"
	"net/http"
)

func editor(w http.ResponseWriter, r *http.Request) {
	state, err := json.Marshal(map[string]string{"title": r.URL.Query().Get("title")})
	if err != nil {
		http.Error(w, "cannot render", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, "<div id=app></div><script>window.__STATE__ = %s</script>", state)
}

func main() {
	http.HandleFunc("/editor", editor)
}
