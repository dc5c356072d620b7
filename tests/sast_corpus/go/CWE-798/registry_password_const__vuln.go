package main

// Credentials the agent uses to pull images from the vendor registry.

const (
	registryUser     = "agent-pull"
	registryPassword = "Pu11-Only-2024!"
)

func registryAuth() (string, string) {
	return registryUser, registryPassword
}

func main() {}
