package main

import (
	"bytes"
	"io"
	"testing"

	"github.com/andybalholm/brotli"
)

// The stream header declares the window (RFC 7932, 9.1): a 1 bit, then 3 bits
// n with window bits 17+n; 24 is 1 then 111, the low nibble 0xF.
func TestBrotliUsesTheLargestStandardWindow(t *testing.T) {
	var b bytes.Buffer
	w := newBrotliWriter(&b, 5)
	data := bytes.Repeat([]byte("kafkalab "), 1000)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got := b.Bytes()[0] & 0x0F; got != 0x0F {
		t.Fatalf("window header nibble %#x, want 0xf (24 bits)", got)
	}
	back, err := io.ReadAll(brotli.NewReader(&b))
	if err != nil || !bytes.Equal(back, data) {
		t.Fatalf("round trip: %v", err)
	}
}
