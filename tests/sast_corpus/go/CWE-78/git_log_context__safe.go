package main

// Reads recent commit subjects of a ref chosen by the user.

import (
	"context"
	"os/exec"
	"strings"
	"time"
)

func subjects(ref string) ([]string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "git", "log", "--format=%s", "-n", "20", ref, "--").Output()
	if err != nil {
		return nil, err
	}
	return strings.Split(strings.TrimSpace(string(out)), "\n"), nil
}

func main() {
	_, _ = subjects("main")
}
