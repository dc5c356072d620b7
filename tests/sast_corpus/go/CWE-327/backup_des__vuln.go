package main

// Encrypts configuration backups with DES in CBC mode.

import (
	"crypto/cipher"
	"crypto/des"
)

func encryptBackup(key, iv, padded []byte) ([]byte, error) {
	block, err := des.NewCipher(key)
	if err != nil {
		return nil, err
	}
	out := make([]byte, len(padded))
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(out, padded)
	return out, nil
}

func main() {}
