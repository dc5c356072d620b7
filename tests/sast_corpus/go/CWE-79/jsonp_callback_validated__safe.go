package main

// JSONP endpoint for an old widget: the callback must be a plain JavaScript identifier.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
)

var identifier = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]{0,63}$`)

func stats(w http.ResponseWriter, r *http.Request) {
	cb := r.URL.Query().Get("callback")
	if !identifier.MatchString(cb) {
		http.Error(w, "bad callback", http.StatusBadRequest)
		return
	}
	data, _ := json.Marshal(map[string]int{"devices": 42})
	w.Header().Set("Content-Type", "application/javascript")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	fmt.Fprintf(w, "/**/%s(%s);", cb, data)
}

func main() {
	http.HandleFunc("/stats.js", stats)
}
