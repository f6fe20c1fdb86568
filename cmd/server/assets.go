package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"path"
	"strings"
)

// An asset is one file the server can send, held in memory with its
// precompressed variants.
type asset struct {
	name   string // logical name, e.g. "kafkalab.wasm"
	url    string // content-hashed URL, e.g. "/assets/kafkalab.1a2b3c4d5e.wasm"
	hash   string // hex prefix of the SHA-256 of body
	ctype  string
	body   []byte
	gzip   []byte // nil when there is no precompressed copy
	brotli []byte
}

// wasmName is the lab's wasm in the dist folder.
const wasmName = "kafkalab.wasm"

// assetTable maps both the logical and the hashed path segment to each asset.
type assetTable struct {
	byKey map[string]*asset
}

// loadAssets reads every file of static and dist (except READMEs and the
// compressed copies, which are attached to their originals).
func loadAssets(static, dist fs.FS) (*assetTable, error) {
	t := &assetTable{byKey: map[string]*asset{}}
	for _, src := range []fs.FS{static, dist} {
		entries, err := fs.ReadDir(src, ".")
		if err != nil {
			return nil, fmt.Errorf("server: load assets: %w", err)
		}
		// Only top-level files: asset URLs are one path segment, so there is no
		// directory structure for a request path to walk.
		for _, d := range entries {
			p := d.Name()
			if d.IsDir() || p == "README.md" || strings.HasSuffix(p, ".gz") || strings.HasSuffix(p, ".br") || strings.HasSuffix(p, ".tmp") {
				continue
			}
			if err := t.add(src, p); err != nil {
				return nil, fmt.Errorf("server: load assets: %w", err)
			}
		}
	}
	return t, nil
}

func (t *assetTable) add(src fs.FS, p string) error {
	body, err := fs.ReadFile(src, p)
	if err != nil {
		return err
	}
	a := &asset{name: p, body: body, ctype: contentType(p)}
	if a.gzip, err = optional(src, p+".gz"); err != nil {
		return err
	}
	if a.brotli, err = optional(src, p+".br"); err != nil {
		return err
	}
	sum := sha256.Sum256(body)
	a.hash = hex.EncodeToString(sum[:5])
	ext := path.Ext(p)
	a.url = "/assets/" + strings.TrimSuffix(p, ext) + "." + a.hash + ext
	if _, dup := t.byKey[p]; dup {
		return fmt.Errorf("asset %s exists twice", p)
	}
	t.byKey[p] = a
	t.byKey[strings.TrimPrefix(a.url, "/assets/")] = a
	return nil
}

func optional(fsys fs.FS, name string) ([]byte, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil && !isNotExist(err) {
		return nil, err
	}
	return b, nil
}

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

func contentType(name string) string {
	switch path.Ext(name) {
	case ".wasm":
		return "application/wasm"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// lookup finds an asset by the last segment of its URL, hashed or not, and
// reports whether the request named the immutable hashed URL.
func (t *assetTable) lookup(key string) (a *asset, hashed bool) {
	if strings.ContainsAny(key, "/\\") {
		return nil, false
	}
	a = t.byKey[key]
	if a == nil {
		return nil, false
	}
	return a, key != a.name
}

// url returns the hashed URL of a logical name, or the unhashed path when the
// file is missing (so the page still points somewhere that explains itself).
func (t *assetTable) url(name string) string {
	if a := t.byKey[name]; a != nil {
		return a.url
	}
	return "/assets/" + name
}
