package checks

import "strings"

// processedRecord finds, in a consumer's step-14 trace label ("14. consumer
// c1 deserializes and processes orders-0@5: key=… value=…"), the first
// "processes <topic>-<partition>@<offset>:" and returns its three parts as
// written. It is the regular expression `processes (\S+)-(\d+)@(\d+):`
// (leftmost match, greedy topic) by hand, so that the wasm does not link
// regexp for one pattern (TestProcessedRecordIsTheRegexp and its fuzz target check the two agree).
func processedRecord(label string) (topic, partition, offset string, ok bool) {
	const prefix = "processes "
	for from := 0; ; {
		i := strings.Index(label[from:], prefix)
		if i < 0 {
			return "", "", "", false
		}
		start := from + i + len(prefix)
		// The topic is a run of non-space bytes; the rest of the match has no
		// spaces either, so it lies inside the same run. The greedy topic is
		// the longest one: try each '-' from the run's end.
		end := start
		for end < len(label) && !isRESpace(label[end]) {
			end++
		}
		for dash := end - 1; dash > start; dash-- {
			if label[dash] != '-' {
				continue
			}
			p, rest := digits(label[dash+1 : end])
			if p == "" || !strings.HasPrefix(rest, "@") {
				continue
			}
			o, rest := digits(rest[1:])
			if o != "" && strings.HasPrefix(rest, ":") {
				return label[start:dash], p, o, true
			}
		}
		from += i + 1
	}
}

// isRESpace is regexp's \s: ASCII space, \t, \n, \f and \r (not \v).
func isRESpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// digits splits s after its leading ASCII digits.
func digits(s string) (string, string) {
	n := 0
	for n < len(s) && '0' <= s[n] && s[n] <= '9' {
		n++
	}
	return s[:n], s[n:]
}
