package main

// Lists the contents of an uploaded archive for the review page.

import (
	"os/exec"
	"strings"
)

func listArchive(path string) ([]string, error) {
	out, err := exec.Command("bash", "-c", "tar -tzf "+path+" | head -n 100").Output()
	if err != nil {
		return nil, err
	}
	return strings.Split(strings.TrimSpace(string(out)), "\n"), nil
}

func main() {
	_, _ = listArchive("/tmp/upload.tgz")
}
