package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/andybalholm/brotli"
	"github.com/kafkalab/kafkalab/assets"
	"github.com/kafkalab/kafkalab/lessons"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeWasm stands in for the built lab: a valid wasm header and some bytes.
var fakeWasm = append([]byte("\x00asm\x01\x00\x00\x00"), bytes.Repeat([]byte("kafkalab "), 2000)...)

func compressed(t *testing.T) (gz, br []byte) {
	t.Helper()
	var g, b bytes.Buffer
	zw := gzip.NewWriter(&g)
	_, err := zw.Write(fakeWasm)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	bw := brotli.NewWriter(&b)
	_, err = bw.Write(fakeWasm)
	require.NoError(t, err)
	require.NoError(t, bw.Close())
	return g.Bytes(), b.Bytes()
}

// builtDist is a dist folder as `make wasm` leaves it.
func builtDist(t *testing.T) fstest.MapFS {
	gz, br := compressed(t)
	return fstest.MapFS{
		"README.md":          {Data: []byte("build output")},
		"kafkalab.wasm":      {Data: fakeWasm},
		"kafkalab.wasm.gz":   {Data: gz},
		"kafkalab.wasm.br":   {Data: br},
		"wasm_exec.js":       {Data: []byte("// go wasm glue")},
		"wasm_exec.js.gz":    {Data: gzipped(t, []byte("// go wasm glue"))},
		"nested/secret.wasm": {Data: []byte("not for you")},
	}
}

func gzipped(t *testing.T, b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, err := zw.Write(b)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

func newTestSite(t *testing.T, dist fstest.MapFS, lessonFS fstest.MapFS) (http.Handler, *bytes.Buffer) {
	t.Helper()
	var logs bytes.Buffer
	src := sources{static: assets.Static(), dist: dist, lessons: lessons.Files()}
	if lessonFS != nil {
		src.lessons = lessonFS
	}
	s, err := newSite(slog.New(slog.NewTextHandler(&logs, nil)), src)
	require.NoError(t, err)
	return s.handler(), &logs
}

func get(h http.Handler, target string, hdr ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func assertSecurityHeaders(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	csp := rec.Header().Get("Content-Security-Policy")
	assert.Contains(t, csp, "script-src 'self' 'wasm-unsafe-eval'")
	assert.Contains(t, csp, "default-src 'self'")
	assert.Contains(t, csp, "object-src 'none'")
	assert.NotContains(t, csp, "unsafe-inline")
	assert.NotContains(t, csp, "'unsafe-eval'")
	assert.Equal(t, "nosniff", rec.Header().Get("X-Content-Type-Options"))
	assert.Equal(t, "strict-origin-when-cross-origin", rec.Header().Get("Referrer-Policy"))
}

func TestEveryResponseCarriesSecurityHeaders(t *testing.T) {
	h, _ := newTestSite(t, builtDist(t), nil)
	for _, target := range []string{"/", "/lab", "/healthz", "/assets/lab.css", "/assets/kafkalab.wasm", "/nope", "/assets/nope.js"} {
		t.Run(target, func(t *testing.T) { assertSecurityHeaders(t, get(h, target)) })
	}
	// Errors from the mux itself too.
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/lab", nil))
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
	assertSecurityHeaders(t, rec)
}

func TestHomeListsLessonsAndLabLoadsHashedWasm(t *testing.T) {
	h, _ := newTestSite(t, builtDist(t), nil)
	rec := get(h, "/")
	require.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "text/html; charset=utf-8", rec.Header().Get("Content-Type"))
	assert.Contains(t, rec.Body.String(), `data-testid="lesson-01-meet-kafka"`)
	assert.Contains(t, rec.Body.String(), "Meet Kafka")

	rec = get(h, "/lab")
	require.Equal(t, http.StatusOK, rec.Code)
	body := rec.Body.String()
	assert.Regexp(t, `data-wasm="/assets/kafkalab\.[0-9a-f]{10}\.wasm"`, body)
	assert.Regexp(t, `src="/assets/wasm_exec\.[0-9a-f]{10}\.js"`, body)
	assert.Regexp(t, `href="/assets/lab\.[0-9a-f]{10}\.css"`, body)
}

func wasmURL(t *testing.T, h http.Handler) string {
	t.Helper()
	body := get(h, "/lab").Body.String()
	_, after, ok := strings.Cut(body, `data-wasm="`)
	require.True(t, ok)
	u, _, _ := strings.Cut(after, `"`)
	return u
}

func TestWasmCompressionNegotiation(t *testing.T) {
	h, _ := newTestSite(t, builtDist(t), nil)
	u := wasmURL(t, h)
	for _, tc := range []struct {
		accept, want string
	}{
		{"gzip, deflate, br", "br"},
		{"br;q=0.1, gzip;q=0.9", "br"}, // we prefer the smaller file when both are acceptable
		{"gzip", "gzip"},
		{"x-gzip", "gzip"},
		{"br;q=0, gzip", "gzip"},
		{"*", "br"},
		{"*;q=0, gzip", "gzip"},
		{"identity", ""},
		{"", ""},
		{"br;q=0, gzip;q=0", ""},
		{"br;q=abc", ""},
	} {
		t.Run(tc.accept, func(t *testing.T) {
			rec := get(h, u, "Accept-Encoding", tc.accept)
			require.Equal(t, http.StatusOK, rec.Code)
			assert.Equal(t, "application/wasm", rec.Header().Get("Content-Type"))
			assert.Equal(t, tc.want, rec.Header().Get("Content-Encoding"))
			assert.Contains(t, rec.Header().Values("Vary"), "Accept-Encoding")
			var r io.Reader = rec.Body
			switch tc.want {
			case "br":
				r = brotli.NewReader(rec.Body)
			case "gzip":
				zr, err := gzip.NewReader(rec.Body)
				require.NoError(t, err)
				r = zr
			}
			got, err := io.ReadAll(r)
			require.NoError(t, err)
			assert.Equal(t, fakeWasm, got, "decodes to the wasm")
		})
	}
}

func TestCachingHashedAndUnhashed(t *testing.T) {
	h, _ := newTestSite(t, builtDist(t), nil)
	u := wasmURL(t, h)

	rec := get(h, u, "Accept-Encoding", "br")
	assert.Equal(t, "public, max-age=31536000, immutable", rec.Header().Get("Cache-Control"))
	etag := rec.Header().Get("ETag")
	require.NotEmpty(t, etag)

	// Revalidation answers 304 with no body; another encoding has another ETag.
	rec = get(h, u, "Accept-Encoding", "br", "If-None-Match", etag)
	assert.Equal(t, http.StatusNotModified, rec.Code)
	assert.Empty(t, rec.Body.Bytes())
	assert.NotEqual(t, etag, get(h, u, "Accept-Encoding", "gzip").Header().Get("ETag"))

	plain := get(h, "/assets/kafkalab.wasm")
	assert.Equal(t, http.StatusOK, plain.Code)
	assert.Equal(t, "no-cache", plain.Header().Get("Cache-Control"), "unhashed names must revalidate")

	// A hash of other content is not found.
	assert.Equal(t, http.StatusNotFound, get(h, "/assets/kafkalab.0000000000.wasm").Code)
}

func TestMissingWasmAnswers503WithAHint(t *testing.T) {
	h, logs := newTestSite(t, fstest.MapFS{"README.md": {Data: []byte("x")}}, nil)
	assert.Contains(t, logs.String(), "wasm is not built")

	body := get(h, "/lab").Body.String()
	assert.Contains(t, body, `data-wasm="/assets/kafkalab.wasm"`)

	for _, target := range []string{"/assets/kafkalab.wasm", "/assets/wasm_exec.js"} {
		rec := get(h, target)
		assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
		assert.Contains(t, rec.Body.String(), "run `make wasm`")
		assertSecurityHeaders(t, rec)
	}
}

func TestStyledNotFound(t *testing.T) {
	h, _ := newTestSite(t, builtDist(t), nil)
	for _, target := range []string{"/nope", "/lab/extra", "/assets/", "/assets/nope.css", "/lessons"} {
		rec := get(h, target)
		assert.Equal(t, http.StatusNotFound, rec.Code, target)
		assert.Contains(t, rec.Body.String(), `data-testid="error-page"`, target)
		assert.Contains(t, rec.Body.String(), "Page not found")
		assert.Equal(t, "text/html; charset=utf-8", rec.Header().Get("Content-Type"))
	}
}

// Traversal attempts never reach a file outside the asset table: paths are
// looked up by name, and the mux cleans dot segments.
func TestTraversalNeverLeavesTheEmbeddedTree(t *testing.T) {
	h, _ := newTestSite(t, builtDist(t), nil)
	for _, target := range []string{
		"/assets/../go.mod",
		"/assets/%2e%2e/go.mod",
		"/assets/%2E%2E/%2E%2E/etc/passwd",
		"/assets/..%2fgo.mod",
		"/assets/..%2f..%2fgo.mod",
		"/assets/%2e%2e%2fgo.mod",
		"/assets/.%2e/server.go",
		"/assets/nested/secret.wasm",
		"/assets/nested%2fsecret.wasm",
		"/assets/README.md",
		"/assets/static/lab.css",
		"/assets/.",
		"/assets/..",
		"//etc/passwd",
		"/assets/kafkalab.wasm%00.css",
	} {
		t.Run(target, func(t *testing.T) {
			rec := get(h, target)
			assert.Contains(t, []int{http.StatusNotFound, http.StatusMovedPermanently, http.StatusTemporaryRedirect, http.StatusBadRequest}, rec.Code)
			body := rec.Body.String()
			assert.NotContains(t, body, "module github.com")
			assert.NotContains(t, body, "not for you")
			assert.NotContains(t, body, "root:")
			if rec.Code == http.StatusMovedPermanently || rec.Code == http.StatusTemporaryRedirect {
				// Follow the redirect: it lands on the home page or a 404, never a file.
				loc := rec.Header().Get("Location")
				if loc != "/" {
					assert.Equal(t, http.StatusNotFound, get(h, loc).Code, loc)
				}
			}
		})
	}
}

func TestBadLessonIsLoggedAndOthersServed(t *testing.T) {
	lessonFS := fstest.MapFS{
		"en/01-good.md": {Data: []byte("---\ntitle: Good one\nsummary: s\norder: 1\nlanguage: en\n---\n")},
		"en/02-bad.md":  {Data: []byte("---\ntitle: Bad\nsummary: s\norder: zero\nlanguage: en\n---\n")},
	}
	h, logs := newTestSite(t, builtDist(t), lessonFS)
	assert.Contains(t, logs.String(), "en/02-bad.md:4")
	body := get(h, "/").Body.String()
	assert.Contains(t, body, "Good one")
	assert.NotContains(t, body, ">Bad<")
}

func TestRequestsAreLogged(t *testing.T) {
	h, logs := newTestSite(t, builtDist(t), nil)
	assert.NotContains(t, logs.String(), "not built", "no false alarm when the wasm is there")
	get(h, "/nope")
	assert.Contains(t, logs.String(), "msg=request method=GET path=/nope status=404")
}

func TestLessonPagesInBothLanguages(t *testing.T) {
	h, _ := newTestSite(t, builtDist(t), nil)

	home := get(h, "/").Body.String()
	assert.Contains(t, home, `href="/lessons/01-meet-kafka"`)
	zhHome := get(h, "/?lang=zh").Body.String()
	assert.Contains(t, zhHome, `<html lang="zh">`)
	assert.Contains(t, zhHome, `href="/lessons/01-meet-kafka?lang=zh"`)
	assert.Contains(t, zhHome, "认识 Kafka")

	rec := get(h, "/lessons/01-meet-kafka")
	require.Equal(t, http.StatusOK, rec.Code)
	assert.Contains(t, rec.Body.String(), "<h1>Meet Kafka</h1>")
	assert.Contains(t, rec.Body.String(), `href="/lessons/01-meet-kafka?lang=zh"`, "offers the Chinese version")

	rec = get(h, "/lessons/01-meet-kafka?lang=zh")
	assert.Contains(t, rec.Body.String(), "<h1>认识 Kafka</h1>")
	assert.NotContains(t, rec.Body.String(), `data-testid="fallback"`)

	// An unknown language is English, not an error.
	assert.Contains(t, get(h, "/lessons/01-meet-kafka?lang=xx").Body.String(), "<h1>Meet Kafka</h1>")
	assert.Equal(t, http.StatusNotFound, get(h, "/lessons/no-such-lesson").Code)
}

func TestUntranslatedLessonFallsBackToEnglishAndSaysSo(t *testing.T) {
	lessonFS := fstest.MapFS{
		"en/01-a.md": {Data: []byte("---\ntitle: First\nsummary: s\norder: 1\nlanguage: en\n---\n# First")},
		"en/02-b.md": {Data: []byte("---\ntitle: Second\nsummary: s\norder: 2\nlanguage: en\n---\n# Second")},
		"zh/01-a.md": {Data: []byte("---\ntitle: 第一\nsummary: s\norder: 1\nlanguage: zh\n---\n# 第一")},
	}
	h, _ := newTestSite(t, builtDist(t), lessonFS)
	body := get(h, "/lessons/02-b?lang=zh").Body.String()
	assert.Contains(t, body, `data-testid="fallback"`)
	assert.Contains(t, body, `<html lang="en">`, "the page is marked with the language it is written in")
	body = get(h, "/lessons/01-a?lang=zh").Body.String()
	assert.Contains(t, body, `href="/lessons/02-b?lang=zh"`, "next lesson keeps the learner's language")
}
