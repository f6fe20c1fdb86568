package assets

import (
	"embed"
	"io/fs"
)

//go:embed static dist
var files embed.FS

// Static returns the hand-written files (CSS, icons, JS glue).
func Static() fs.FS { return sub("static") }

// Dist returns the build output of `make wasm`; on a fresh clone it holds only a
// README.
func Dist() fs.FS { return sub("dist") }

func sub(dir string) fs.FS {
	f, err := fs.Sub(files, dir)
	if err != nil {
		panic("assets: " + err.Error()) // unreachable: dir is embedded above
	}
	return f
}
