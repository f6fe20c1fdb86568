package stdlite

import (
	"crypto/sha256"
	"errors"
	"html"
	"io"
	"strings"
	"testing"
)

func TestEscapeHTMLIsHTMLEscapeString(t *testing.T) {
	for _, s := range []string{"", "plain", `<a href="x">&'</a>`, "日本 & <b>", "&amp;"} {
		if got, want := escapeHTML(s), html.EscapeString(s); got != want {
			t.Errorf("escapeHTML(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzEscapeHTML(f *testing.F) {
	f.Add(`<script>alert("x" & 'y')</script>`)
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := escapeHTML(s), html.EscapeString(s); got != want {
			t.Fatalf("escapeHTML(%q) = %q, want %q", s, got, want)
		}
	})
}

// Every length around the 55/56/64-byte padding boundaries, and a few blocks.
func TestSum256IsSHA256(t *testing.T) {
	for n := range 200 {
		b := []byte(strings.Repeat("abcdefghij", 20)[:n])
		if got, want := sum256(b), sha256.Sum256(b); got != want {
			t.Errorf("sum256 of %d bytes = %x, want %x", n, got, want)
		}
	}
	// FIPS 180-4 example "abc".
	if got := sum256([]byte("abc")); got != sha256.Sum256([]byte("abc")) {
		t.Errorf("sum256(abc) = %x", got)
	}
}

func FuzzSum256(f *testing.F) {
	f.Add([]byte("color:red;"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := sum256(b), sha256.Sum256(b); got != want {
			t.Fatalf("sum256(%x) = %x, want %x", b, got, want)
		}
	})
}

func TestNoSystemRandomnessFails(t *testing.T) {
	n, err := io.ReadFull(noSystemRandomness, make([]byte, 16))
	if n != 0 || !errors.Is(err, errNoSystemRandomness) {
		t.Fatalf("read %d, %v", n, err)
	}
}
