package main

// Nightly backup of a project directory named in the job request.

import (
	"fmt"
	"os/exec"
)

func backup(project, dest string) error {
	script := fmt.Sprintf("tar -czf %s/%s.tgz /srv/projects/%s", dest, project, project)
	return exec.Command("sh", "-c", script).Run()
}

func main() {
	_ = backup("demo", "/backups")
}
