package main

// Server-side rendering: embeds the initial state in a script tag as JSON with HTML escaping turned
// off, so "</script><script>..." in the draft title ends the block.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

func editor(w http.ResponseWriter, r *http.Request) {
	var state strings.Builder
	enc := json.NewEncoder(&state)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(map[string]string{"title": r.URL.Query().Get("title")})
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, "<div id=app></div><script>window.__STATE__ = %s</script>", state.String())
}

func main() {
	http.HandleFunc("/editor", editor)
}
