package stdlite

// LitePatterns lists the regexp patterns mustCompileLite knows, for
// cmd/trimtempl's check that every rewritten regexp.MustCompile compiles one
// of them. This file is not copied.
func LitePatterns() []string {
	var ps []string
	for _, p := range litePatterns {
		ps = append(ps, p.pattern)
	}
	return ps
}
