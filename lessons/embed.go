package lessons

import (
	"embed"
	"io/fs"
)

//go:embed en/*.md zh/*.md
var content embed.FS

// Files returns the embedded lesson files, rooted so that paths read
// "en/01-meet-kafka.md".
func Files() fs.FS { return content }
