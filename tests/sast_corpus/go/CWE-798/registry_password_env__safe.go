package main

// Credentials for the vendor registry, taken from the environment.

import (
	"errors"
	"os"
)

const registryPasswordEnv = "REGISTRY_PASSWORD"

func registryAuth() (string, string, error) {
	password := os.Getenv(registryPasswordEnv)
	if password == "" {
		return "", "", errors.New(registryPasswordEnv + " is not set")
	}
	return os.Getenv("REGISTRY_USER"), password, nil
}

func main() {}
