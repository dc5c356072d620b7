package main

// Obfuscates telemetry frames sent to the vendor.

import "crypto/rc4"

func sealFrame(key, frame []byte) ([]byte, error) {
	c, err := rc4.NewCipher(key)
	if err != nil {
		return nil, err
	}
	out := make([]byte, len(frame))
	c.XORKeyStream(out, frame)
	return out, nil
}

func main() {}
