package main

// Unpacks a container layer (tar.gz) from the request body into the layer directory.

import (
	"archive/tar"
	"compress/gzip"
	"io"
	"net/http"
	"os"
	"path/filepath"
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
		out, err := os.OpenFile(filepath.Join(layerDir, hdr.Name), os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
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
