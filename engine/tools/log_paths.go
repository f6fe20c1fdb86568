package tools

import (
	"path"
	"strconv"
	"strings"
)

// LogRoot is where the lab shows the brokers' log directories: broker n's
// log.dirs is LogRoot/broker-<n>, holding one directory per partition
// (orders-0) with its segment files, as kafkalab -data-dir DIR lays them
// out under DIR. kafka-dump-log.sh --files and the ls lab command take
// paths under it; a relative path is read from LogRoot, the lab terminal's
// working directory.
const LogRoot = "/var/lib/kafka"

// javaFilePath normalizes a path as java.io.File does when it prints one:
// repeated separators become one and a trailing separator goes; "." and
// ".." stay.
func javaFilePath(p string) string {
	for strings.Contains(p, "//") {
		p = strings.ReplaceAll(p, "//", "/")
	}
	if len(p) > 1 {
		p = strings.TrimSuffix(p, "/")
	}
	return p
}

// absLogPath is File.getAbsolutePath with the lab's working directory.
func absLogPath(p string) string {
	p = javaFilePath(p)
	if strings.HasPrefix(p, "/") {
		return p
	}
	return LogRoot + "/" + p
}

// A logPath is a path under LogRoot resolved to what it names: the root
// (depth 0), a broker's log directory (1), a partition directory (2) or a
// file in one (3).
type logPath struct {
	depth  int
	broker int32
	dir    string // "orders-0"
	name   string // "00000000000000000000.log"
}

// resolveLogPath resolves a path, absolute or relative to LogRoot, with
// "." and ".." applied. ok is false for a path outside LogRoot's layout.
func resolveLogPath(p string) (logPath, bool) {
	clean := path.Clean(absLogPath(p))
	if clean == LogRoot {
		return logPath{}, true
	}
	rest, found := strings.CutPrefix(clean, LogRoot+"/")
	if !found {
		return logPath{}, false
	}
	parts := strings.Split(rest, "/")
	if len(parts) > 3 {
		return logPath{}, false
	}
	id, ok := strings.CutPrefix(parts[0], "broker-")
	n, err := strconv.ParseInt(id, 10, 32)
	if !ok || err != nil || n < 1 || strconv.FormatInt(n, 10) != id {
		return logPath{}, false
	}
	lp := logPath{depth: len(parts), broker: int32(n)}
	if len(parts) > 1 {
		lp.dir = parts[1]
	}
	if len(parts) > 2 {
		lp.name = parts[2]
	}
	return lp, true
}
