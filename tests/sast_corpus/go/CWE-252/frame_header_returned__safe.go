package main

// Reads a frame header and hands the read error back to the caller.

import (
	"encoding/binary"
	"io"
)

func readHeader(r io.Reader, header []byte) (int, error) {
	return io.ReadFull(r, header)
}

func frameLength(r io.Reader) (uint32, error) {
	var header [4]byte
	if _, err := readHeader(r, header[:]); err != nil {
		return 0, err
	}
	return binary.BigEndian.Uint32(header[:]), nil
}

func main() {}
