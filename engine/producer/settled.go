package producer

// Settled reports whether record index (numbered in the order Send was
// called since Reset) has its delivery report. A driver that times each
// record's acknowledgement, as kafka-producer-perf-test.sh's callbacks do,
// polls it after each event; it copies nothing, unlike Reports.
func (p *Producer) Settled(index int) bool {
	return index >= 0 && index < len(p.outcomes) && p.outcomes[index].settled
}

// Failures calls fn with each record that failed, from the first-th failure
// on, in the order they failed, and returns how many have failed: a driver
// that polls Settled learns each failure once, without copying the reports.
func (p *Producer) Failures(first int, fn func(index int, err error)) int {
	for _, e := range p.errs[min(first, len(p.errs)):] {
		fn(e.index, e.err)
	}
	return len(p.errs)
}
