package main

// Nightly backup of a project directory, without a shell.

import (
	"os/exec"
	"path/filepath"
)

func backup(project, dest string) error {
	archive := filepath.Join(dest, project+".tgz")
	return exec.Command("tar", "-czf", archive, "-C", "/srv/projects", project).Run()
}

func main() {
	_ = backup("demo", "/backups")
}
