package main

// Assigns a device to a shard; a fast non-cryptographic hash is the right tool.

import "hash/fnv"

func shardFor(deviceID string, shards uint32) uint32 {
	h := fnv.New32a()
	h.Write([]byte(deviceID))
	return h.Sum32() % shards
}

func main() {}
