package checks

import (
	"regexp"
	"testing"
)

// processRE is the pattern processedRecord stands in for.
var processRE = regexp.MustCompile(`processes (\S+)-(\d+)@(\d+):`)

var processLabels = []string{
	"14. consumer c1 deserializes and processes orders-0@5: key=null value=a",
	"14. consumer c1 deserializes and processes 3 records",
	"processes my-topic-12@345:",
	"processes a-1@2:-3@4:",
	"processes a-1@2: processes b-3@4:",
	"processes -1@2:",
	"processes a-@2:",
	"processes a-1@:",
	"processes a-1@2",
	"processes a-1-2@3:",
	"processes processes a-1@2:",
	"processes a\v-1@2:",
	"processes é-1@2:",
	"processes \xff-1@2:",
	"processes a-1@2:x processes b-1@2:",
	"xprocesses t-0@0:",
	"processes  t-0@0:",
	"processes t-0@0@1:",
	"processes t-99999999999999999999@1:",
	"",
}

func TestProcessedRecordIsTheRegexp(t *testing.T) {
	for _, s := range processLabels {
		checkProcessedRecord(t, s)
	}
}

func FuzzProcessedRecord(f *testing.F) {
	for _, s := range processLabels {
		f.Add(s)
	}
	f.Fuzz(checkProcessedRecord)
}

func checkProcessedRecord(t *testing.T, s string) {
	topic, p, o, ok := processedRecord(s)
	m := processRE.FindStringSubmatch(s)
	if ok != (m != nil) || ok && (topic != m[1] || p != m[2] || o != m[3]) {
		t.Fatalf("processedRecord(%q) = %q %q %q %v, regexp %q", s, topic, p, o, ok, m)
	}
}
