package main

// Unpacks a container layer (tar.gz) from the request body, keeping every entry inside the layer directory.

import (
	"archive/tar"
	"compress/gzip"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

const layerDir = "/var/lib/margo/layers/current"

func unpackLayer(w http.ResponseWriter, r *http.Request) {
	gz, err := gzip.NewReader(r.Body)
	if err != nil {
		http.Error(w, "not gzip", http.StatusBadRequest)
		return
	}
	tr := tar.NewReader(gz)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			http.Error(w, "bad tar", http.StatusBadRequest)
			return
		}
		if hdr.Typeflag != tar.TypeReg {
			continue
		}
		target := filepath.Clean(filepath.Join(layerDir, hdr.Name))
		if !strings.HasPrefix(target, layerDir+string(os.PathSeparator)) {
			http.Error(w, "entry escapes the layer", http.StatusBadRequest)
			return
		}
		out, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
		if err != nil {
			http.Error(w, "cannot write", http.StatusInternalServerError)
			return
		}
		_, err = io.Copy(out, tr)
		out.Close()
		if err != nil {
			http.Error(w, "cannot write", http.StatusInternalServerError)
			return
		}
	}
	w.WriteHeader(http.StatusCreated)
}

func main() {
	http.HandleFunc("/layers", unpackLayer)
}
