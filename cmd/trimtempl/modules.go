package main

import (
	"slices"

	"github.com/kafkalab/kafkalab/cmd/trimtempl/stdlite"
)

// A trim is one module of the wasm's dependencies, copied for the wasm build
// without its forbidden imports.
type trim struct {
	module    string   // module path
	dir       string   // directory of the copy under -out
	forbidden []string // imports the trimmed packages must lose, and the wasm with them
	// dropped are imports the trimmed packages must lose although other
	// packages of the wasm still link them (os, through fmt): what goes is
	// the module's code that uses them.
	dropped []string
	// expected lists, per package (relative to the module), the declarations
	// the trim removes: methods as Type.Method. A package the wasm links that
	// is not listed must lose nothing. An upgrade that changes this set fails
	// the build until it is reviewed.
	expected map[string][]string
	// also lists, per package, declarations removed as though they named a
	// forbidden import: a type that would otherwise lose a method and, with
	// it, an interface (removing the type makes any use a compile error
	// instead of a silent change).
	also     map[string][]string
	rewrites []rewrite
	// added are files of package stdlite written into a trimmed package, by
	// package: the declarations a rewrite's replacement names.
	added map[string][]string
}

// lose returns every import the trimmed packages must lose.
func (tr trim) lose() []string { return append(slices.Clone(tr.forbidden), tr.dropped...) }

// rewrite replaces a qualified name (a type or a value) by an expression
// instead of removing its users.
type rewrite struct {
	pkg  string // package relative to the module
	from string // import path + "." + name
	to   string // a Go expression
	want int    // how many occurrences must be rewritten
	// args, if set, lists the string literals a rewritten call may pass (the
	// ones its replacement knows).
	args []string
}

// trims are the modules the wasm links trimmed, with what each must lose and
// why it may.
var trims = []trim{
	{
		// Written for templ v0.3.1020.
		module: "github.com/a-h/templ",
		dir:    "templ",
		// net/http and html/template link crypto/tls, x509, net, x/net/idna,
		// mime, text/template…; encoding/json only serves templ's JSON and
		// script helpers, which no component of the lab uses. html and
		// crypto/sha256 are replaced (rewrites below): html's package
		// initialisation builds its entity table, and crypto/sha256 links
		// Go's FIPS 140 module. regexp (its compiler, matchers and unicode's
		// script and category tables) serves templ/safehtml's four anchored
		// character-class patterns, replaced by exact matchers (rewrite
		// below), and the root package's JavaScript function-name check,
		// which only the removed SafeScript and SafeScriptInline made.
		// net/url (net/netip's initialisation, the unique package) serves
		// safehtml's check of background-image URLs: url.Parse becomes an
		// exact stand-in (rewrite below).
		forbidden: []string{"net/http", "html/template", "encoding/json", "html", "crypto/sha256", "regexp", "net/url"},
		// os and path/filepath serve only templ's development mode, which
		// reads each component's markup from text files when the
		// TEMPL_DEV_MODE environment variable is set: the browser has
		// neither. runtime.WriteString, which generated code calls, becomes
		// stdlite's with the mode off.
		dropped: []string{"os", "path/filepath"},
		expected: map[string][]string{
			".": {
				// handler.go: the whole HTTP handler.
				"ComponentHandler", "ComponentHandler.ServeHTTP", "ComponentHandler.ServeHTTPBuffered",
				"ComponentHandler.ServeHTTPBufferedComplete", "ComponentHandler.ServeHTTPBufferedFragment",
				"ComponentHandler.ServeHTTPStreamed", "ComponentHandler.handleRenderErr",
				"Handler", "WithContentType", "WithErrorHandler", "WithFragments", "WithStatus",
				"WithStreaming",
				// runtime.go: CSS middleware and html/template interop.
				"CSSHandler.ServeHTTP", "CSSMiddleware", "CSSMiddleware.ServeHTTP", "NewCSSMiddleware",
				"FromGoHTML", "ToGoHTML",
				// encoding/json: JSON values, JSON script elements and
				// JSON-encoded script arguments.
				"JSFuncCall", "JSONString", "SafeScript", "SafeScriptInline", "jsonEncodeParam",
				"JSONScript", "JSONScriptElement", "JSONScriptElement.Render", "JSONScriptElement.WithNonceFrom",
				"JSONScriptElement.WithNonceFromString", "JSONScriptElement.WithType", "_",
				// regexp: the function-name check of SafeScript and
				// SafeScriptInline (removed above).
				"jsFunctionName",
				// watchmode.go: the deprecated development mode of older
				// generated code (os).
				"WriteWatchModeString", "cacheStrings", "getWatchedStrings",
			},
			"runtime": {
				// scriptelement.go: Go values inside <script> elements, which
				// the generated code calls only for {{ }} in a script.
				"ScriptContentInsideStringLiteral", "ScriptContentOutsideStringLiteral", "scriptContent",
				// watchmode.go: development mode (os, path/filepath).
				// WriteString is replaced by stdlite's.
				"WriteString", "developmentMode", "stringLoaderOnce", "GetDevModeTextFileName", "normalizePath",
				"NewStringLoader", "StringLoader.GetWatchedString", "StringLoader.getWatchedStrings",
				"StringLoader.cacheStrings",
			},
		},
		// JSONScriptElement.Render needs encoding/json; the element would
		// otherwise stay without it and no longer be a Component.
		also: map[string][]string{".": {"JSONScriptElement"}},
		// http.Flusher is `interface{ Flush() }` (checked by a test).
		// html.EscapeString and sha256.Sum256 become stdlite's exact
		// equivalents (tested and fuzzed against them), and so does
		// safehtml's regexp.MustCompile for the patterns stdlite knows.
		rewrites: []rewrite{
			{pkg: "safehtml", from: "regexp.MustCompile", to: "mustCompileLite", want: 4, args: stdlite.LitePatterns()},
			{pkg: "safehtml", from: "net/url.Parse", to: "parseURLLite", want: 1},
			{pkg: "runtime", from: "net/http.Flusher", to: "interface{ Flush() }", want: 1},
			{pkg: ".", from: "html.EscapeString", to: "escapeHTML", want: 3},
			{pkg: ".", from: "crypto/sha256.Sum256", to: "sum256", want: 3},
			{pkg: "runtime", from: "html.EscapeString", to: "escapeHTML", want: 8},
			{pkg: "runtime", from: "crypto/sha256.Sum256", to: "sum256", want: 1},
		},
		added: map[string][]string{".": {"escape.go", "sha256.go"}, "runtime": {"escape.go", "sha256.go", "writestring.go"}, "safehtml": {"regexp.go", "url.go"}},
	},
	{
		// Written for github.com/google/uuid v1.6.0.
		module: "github.com/google/uuid",
		dir:    "uuid",
		// crypto/rand links the FIPS DRBG, AES-GCM, SHA-2/3 and math/big;
		// crypto/md5 and crypto/sha1 serve only name-based (v3, v5) ids;
		// database/sql/driver and encoding/json only the SQL and JSON
		// interfaces. The engine draws every id from its seeded stream with
		// NewRandomFromReader and otherwise parses and prints ids. UUID and
		// NullUUID lose only methods for the interfaces of those packages
		// (driver.Valuer, json.Marshaler), which the wasm does not link, so
		// unlike templ's JSONScriptElement they stay.
		forbidden: []string{"crypto/rand", "crypto/md5", "crypto/sha1", "database/sql/driver", "encoding/json"},
		expected: map[string][]string{
			".": {
				"NewMD5", "NewSHA1", // hash.go; NewHash stays
				"UUID.Value", "NullUUID.Value", // sql.go, null.go; Scan stays
				"NullUUID.MarshalJSON", "NullUUID.UnmarshalJSON", // null.go; MarshalText stays
			},
		},
		// The package's default source of randomness, rand.Reader, becomes
		// stdlite's reader that always fails: uuid.New, NewRandom, NewV7 and the
		// time-based ids then panic or return noSystemRandomness's error, as
		// the real package does when crypto/rand fails. The engine never uses
		// them (engine/determinism_test.go forbids them; make test-wasm-trim
		// runs the engine's id-drawing tests on this copy).
		rewrites: []rewrite{
			{pkg: ".", from: "crypto/rand.Reader", to: "noSystemRandomness", want: 2},
		},
		added: map[string][]string{".": {"norand.go"}},
	},
}
