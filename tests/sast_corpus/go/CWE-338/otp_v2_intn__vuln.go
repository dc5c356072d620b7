package main

// Issues the six-digit code for second-factor login.

import (
	"fmt"
	"math/rand/v2"
)

func issueOTP() string {
	return fmt.Sprintf("%06d", rand.IntN(1000000))
}

func main() {
	_ = issueOTP()
}
