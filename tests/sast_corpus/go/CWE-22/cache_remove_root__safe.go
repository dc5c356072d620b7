package main

// Evicts one entry from the on-disk cache by the key posted in the form, through an os.Root.

import (
	"net/http"
	"os"
)

type cache struct {
	root *os.Root
}

func (c *cache) evict(w http.ResponseWriter, r *http.Request) {
	if err := c.root.Remove(r.FormValue("key")); err != nil {
		http.Error(w, "not evicted", http.StatusNotFound)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	root, err := os.OpenRoot("/var/cache/margo")
	if err != nil {
		return
	}
	c := &cache{root: root}
	http.HandleFunc("/cache/evict", c.evict)
}
