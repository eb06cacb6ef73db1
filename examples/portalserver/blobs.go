package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"sync"

	"github.com/carenet-go/carenet"
)

// BlobStore is where the host keeps video files, by storage key (an
// object store, a file system). The SDK keeps only their metadata.
type BlobStore interface {
	// Open returns the file stored under key and its size, or a NotFound
	// error.
	Open(ctx context.Context, key string) (io.ReadSeeker, int64, error)
}

// memBlobs is a BlobStore in memory, for the example.
type memBlobs struct {
	mu    sync.RWMutex
	files map[string][]byte
}

func newMemBlobs() *memBlobs { return &memBlobs{files: map[string][]byte{}} }

// Put stores a copy of data under key and returns its lowercase hex
// SHA-256, as video.NewVideo records it.
func (b *memBlobs) Put(key string, data []byte) string {
	sum := sha256.Sum256(data)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.files[key] = bytes.Clone(data)
	return hex.EncodeToString(sum[:])
}

// Open returns a reader over the file under key. The stored bytes are
// never changed after Put, so readers share them.
func (b *memBlobs) Open(ctx context.Context, key string) (io.ReadSeeker, int64, error) {
	if err := ctx.Err(); err != nil {
		return nil, 0, carenet.E("memBlobs.Open", carenet.Canceled, "", err)
	}
	b.mu.RLock()
	data, ok := b.files[key]
	b.mu.RUnlock()
	if !ok {
		return nil, 0, carenet.Errorf(carenet.NotFound, "the video file is missing")
	}
	return bytes.NewReader(data), int64(len(data)), nil
}
