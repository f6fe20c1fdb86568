package urlquery

import (
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

var queries = []string{
	"", "a", "a=", "=a", "=", "&", "&&", "a=1&b=2", "a=1&a=2&a=", "a=b=c", "a+b=c+d", "a%20b=%41%42",
	"k=%zz&ok=1", "k=%", "k=%4", "%=1", "a%4=1", "k=%4g&x=%&y=1", "x;y=1&a=1", "a=1;b=2", "a=%zz&b=1;c&d=%",
	"topic=orders&key=&value=a%26b%3Dc&partition=&acks=all&nullKey=true", "a=%e6%97%a5", "a=\xff%FF",
	"?a=1", "a=1#f", "a==", "+=+", "%2B=%2b", "a=1&&b=2&",
}

func TestParseIsParseQuery(t *testing.T) {
	for _, q := range queries {
		checkParse(t, q)
	}
}

// The parameter limit: 10,000 pairs parse, 10,001 do not.
func TestParseLimit(t *testing.T) {
	for _, n := range []int{maxParams, maxParams + 1} {
		q := strings.Repeat("a=1&", n-1) + "a=1"
		checkParse(t, q)
		if m, err := Parse(q); (err == nil) != (n <= maxParams) || err == nil && len(m["a"]) != n {
			t.Errorf("%d pairs: %d values, %v", n, len(m["a"]), err)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, q := range queries {
		f.Add(q)
	}
	f.Fuzz(checkParse)
}

func checkParse(t *testing.T, q string) {
	got, err := Parse(q)
	want, wantErr := url.ParseQuery(q)
	if !reflect.DeepEqual(map[string][]string(got), map[string][]string(want)) || errText(err) != errText(wantErr) {
		t.Fatalf("Parse(%q) = %q, %v; url.ParseQuery: %q, %v", q, got, err, want, wantErr)
	}
	var esc url.EscapeError
	if errors.As(wantErr, &esc) && err != EscapeError(esc) {
		t.Fatalf("Parse(%q): error %#v, url.ParseQuery's %#v", q, err, wantErr)
	}
	for k, vs := range want {
		if got.Get(k) != want.Get(k) || len(vs) == 0 {
			t.Fatalf("Parse(%q).Get(%q) = %q, want %q", q, k, got.Get(k), want.Get(k))
		}
	}
	if got.Get("\x00absent") != "" {
		t.Fatalf("Get of an absent key")
	}
}

func errText(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// Encode over the parsed values, and over values set one by one, is
// url.Values.Encode.
func TestEncodeIsValuesEncode(t *testing.T) {
	for _, q := range queries {
		checkEncode(t, q)
	}
	v, w := Values{}, url.Values{}
	for _, kv := range [][2]string{{"topic", "orders"}, {"partition", "0"}, {"b c", "x&y=z"}, {"日", "~-_.+%/"}, {"topic", "a b"}, {"", ""}} {
		v.Set(kv[0], kv[1])
		w.Set(kv[0], kv[1])
	}
	if got, want := v.Encode(), w.Encode(); got != want {
		t.Fatalf("Encode = %q, want %q", got, want)
	}
	if got := (Values{}).Encode(); got != "" {
		t.Fatalf("empty Encode = %q", got)
	}
}

func FuzzEncode(f *testing.F) {
	for _, q := range queries {
		f.Add(q)
	}
	f.Fuzz(checkEncode)
}

// checkEncode encodes the query's pairs, split by hand so that bad escapes
// become values too.
func checkEncode(t *testing.T, q string) {
	v, w := Values{}, url.Values{}
	for _, pair := range strings.Split(q, "&") {
		k, val, _ := strings.Cut(pair, "=")
		v[k] = append(v[k], val)
		w[k] = append(w[k], val)
	}
	if got, want := v.Encode(), w.Encode(); got != want {
		t.Fatalf("Encode of %q = %q, want %q", q, got, want)
	}
}
