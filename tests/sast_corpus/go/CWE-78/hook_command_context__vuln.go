package main

// Runs the post-deploy hook for an application; the name comes from the uploaded package.

import (
	"context"
	"os/exec"
	"time"
)

type App struct {
	Name string
}

func runHook(app App) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return exec.CommandContext(ctx, "sh", "-c", "/opt/margo/hooks/post-deploy.sh "+app.Name).Run()
}

func main() {
	_ = runHook(App{Name: "demo"})
}
