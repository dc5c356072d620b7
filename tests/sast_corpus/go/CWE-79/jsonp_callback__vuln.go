package main

// JSONP endpoint for an old widget: wraps the data in the callback named in the query.

import (
	"encoding/json"
	"fmt"
	"net/http"
)

func stats(w http.ResponseWriter, r *http.Request) {
	data, _ := json.Marshal(map[string]int{"devices": 42})
	w.Header().Set("Content-Type", "application/javascript")
	fmt.Fprintf(w, "%s(%s);", r.URL.Query().Get("callback"), data)
}

func main() {
	http.HandleFunc("/stats.js", stats)
}
