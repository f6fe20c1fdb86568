// Command precompress writes gzip and brotli copies of build outputs (name.gz and
// name.br beside each file) so the server can send the wasm compressed without
// compressing it on every request. Go's standard library has no brotli encoder,
// so it uses andybalholm/brotli, a pure-Go port of Google's.
//
// A copy that already decompresses to the file's current bytes is left alone:
// `go build` rewrites its output even when nothing changed, and brotli at quality
// 11 takes seconds on the wasm.
//
// Usage: precompress [-brotli-quality 11] file...
package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/andybalholm/brotli"
)

func main() {
	quality := flag.Int("brotli-quality", brotli.BestCompression, "brotli quality, 0 (fast) to 11 (smallest)")
	flag.Parse()
	if flag.NArg() == 0 || *quality < 0 || *quality > 11 {
		fmt.Fprintln(os.Stderr, "usage: precompress [-brotli-quality 0..11] file...")
		os.Exit(2)
	}
	for _, name := range flag.Args() {
		if err := compressFile(name, *quality); err != nil {
			fmt.Fprintln(os.Stderr, "precompress:", err)
			os.Exit(1)
		}
	}
}

type codec struct {
	ext    string
	encode func(w io.Writer, data []byte) error
	decode func(r io.Reader) (io.Reader, error)
}

func codecs(quality int) []codec {
	return []codec{
		{".gz", func(w io.Writer, data []byte) error {
			zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
			if err != nil {
				return err
			}
			if _, err := zw.Write(data); err != nil {
				return err
			}
			return zw.Close()
		}, func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }},
		{".br", func(w io.Writer, data []byte) error {
			bw := newBrotliWriter(w, quality)
			if _, err := bw.Write(data); err != nil {
				return err
			}
			return bw.Close()
		}, func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil }},
	}
}

// brotliWindow is the largest window standard brotli (RFC 7932) allows, and so
// every browser decodes: 16 MiB, more than the whole wasm, so matches are found
// across all of it. The library's default, 4 MiB, made the wasm about 20 KB
// larger (BENCHMARKS.md).
const brotliWindow = 24

func newBrotliWriter(w io.Writer, quality int) *brotli.Writer {
	return brotli.NewWriterOptions(w, brotli.WriterOptions{Quality: quality, LGWin: brotliWindow})
}

func compressFile(name string, quality int) error {
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	for _, c := range codecs(quality) {
		out := name + c.ext
		if upToDate(out, data, c) {
			fmt.Printf("precompress: %s is up to date\n", out)
			continue
		}
		var buf bytes.Buffer
		if err := c.encode(&buf, data); err != nil {
			return fmt.Errorf("%s: %w", out, err)
		}
		// Write then rename, so a server never embeds half a file.
		tmp := out + ".tmp"
		if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
			return err
		}
		if err := os.Rename(tmp, out); err != nil {
			return err
		}
		fmt.Printf("precompress: %s %d -> %d bytes (%.1f%%)\n", out, len(data), buf.Len(), 100*float64(buf.Len())/float64(max(len(data), 1)))
	}
	return nil
}

// upToDate reports whether the compressed file at out decodes to data.
func upToDate(out string, data []byte, c codec) bool {
	f, err := os.Open(out)
	if err != nil {
		return false
	}
	defer f.Close()
	r, err := c.decode(f)
	if err != nil {
		return false
	}
	got, err := io.ReadAll(io.LimitReader(r, int64(len(data))+1))
	if err != nil && !errors.Is(err, io.EOF) {
		return false
	}
	return bytes.Equal(got, data)
}
