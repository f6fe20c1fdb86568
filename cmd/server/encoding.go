package main

import (
	"strconv"
	"strings"
)

// negotiate picks the encoding to send from an Accept-Encoding header (RFC 9110
// §12.5.3): brotli when acceptable and available, else gzip, else identity.
// A coding is acceptable when listed with q > 0, or matched by "*" with q > 0 and
// not listed itself.
func negotiate(header string, haveBrotli, haveGzip bool) string {
	q := map[string]float64{}
	star, hasStar := 0.0, false
	for part := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" {
			continue
		}
		weight := 1.0
		for p := range strings.SplitSeq(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && f >= 0 && f <= 1 {
					weight = f
				} else {
					weight = 0 // a malformed weight is not consent
				}
			}
		}
		if name == "*" {
			star, hasStar = weight, true
			continue
		}
		q[name] = weight
	}
	ok := func(coding string) bool {
		if w, listed := q[coding]; listed {
			return w > 0
		}
		return hasStar && star > 0
	}
	switch {
	case haveBrotli && ok("br"):
		return "br"
	case haveGzip && (ok("gzip") || ok("x-gzip")):
		return "gzip"
	}
	return ""
}
