package main

// Reads the fixed-size header of a frame from the device link.

import (
	"encoding/binary"
	"io"
)

func frameLength(r io.Reader) uint32 {
	var header [4]byte
	io.ReadFull(r, header[:])
	return binary.BigEndian.Uint32(header[:])
}

func main() {}
