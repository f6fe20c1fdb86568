package producer

// Settled reports whether record index (numbered in the order Send was
// called since Reset) has its delivery report. A driver that times each
// record's acknowledgement, as kafka-producer-perf-test.sh's callbacks do,
// polls it after each event; it copies nothing, unlike Reports.
func (p *Producer) Settled(index int) bool {
	return index >= 0 && index < len(p.outcomes) && p.outcomes[index].settled
}
