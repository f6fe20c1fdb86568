package producer

import "github.com/kafkalab/kafkalab/engine/sim"

// The producer keeps its delivery reports compact and free of pointers, so
// that settling a record writes 24 bytes the garbage collector need not
// look at: Reports builds the Report values when asked.

// An outcome is a record's delivery report without its index, topic and
// error.
type outcome struct {
	offset    int64 // -1 until acknowledged, on error, and with acks=0
	timestamp int64
	partition int32 // -1 until a partition is chosen
	settled   bool
}

// A topicRun says that the records from index first on, up to the next
// run's, were sent to topic.
type topicRun struct {
	first int
	topic string
}

// A recordErr is the error of a failed record.
type recordErr struct {
	index int
	err   error
}

// buildReports returns the delivery reports so far, by record index.
func (p *Producer) buildReports() []Report {
	out := make([]Report, 0, len(p.outcomes))
	p.EachReport(0, func(r Report) { out = append(out, r) })
	return out
}

// ReportCount returns how many records have been sent since the reports
// were last cleared: the length of Reports, without building it.
func (p *Producer) ReportCount() int { return len(p.outcomes) }

// EachReport calls fn with the delivery report of each record from index
// first on, in index order: Reports()[first:] without building the slice,
// for a caller that turns the reports into values of its own and would
// otherwise allocate them twice.
func (p *Producer) EachReport(first int, fn func(Report)) {
	if first >= len(p.outcomes) {
		return
	}
	var errs []error // by index - first; only when a record failed
	if len(p.errs) > 0 {
		errs = make([]error, len(p.outcomes)-first)
		for _, e := range p.errs {
			if e.index >= first {
				errs[e.index-first] = e.err
			}
		}
	}
	run := 0
	for i := first; i < len(p.outcomes); i++ {
		for run+1 < len(p.topicRuns) && p.topicRuns[run+1].first <= i {
			run++
		}
		o := &p.outcomes[i]
		r := Report{Index: i, Topic: p.topicRuns[run].topic, Partition: o.partition, Offset: o.offset, Timestamp: o.timestamp}
		if errs != nil {
			r.Err = errs[i-first]
		}
		fn(r)
	}
}

// report settles record index, once. The topic is the one the record was
// sent to.
func (p *Producer) report(env *sim.Env, index int, topic string, partition int32, offset, ts int64, err error) {
	o := &p.outcomes[index]
	if o.settled {
		return
	}
	*o = outcome{offset: offset, timestamp: ts, partition: partition, settled: true}
	if err != nil {
		p.errs = append(p.errs, recordErr{index: index, err: err})
	}
	if p.done++; p.done == p.records {
		p.flushing = false
	}
}

// reportBatch settles the records of an acknowledged batch, as report does
// for each: record j got offset base+j, and the timestamp it was created with
// or the log append time when the topic uses LogAppendTime (logAppendTime
// >= 0).
func (p *Producer) reportBatch(b *batch, base, logAppendTime int64) {
	outcomes := p.outcomes
	for j, index := range b.indexes {
		o := &outcomes[index]
		if o.settled {
			continue
		}
		ts := b.baseTs + b.tsDeltas[j]
		if logAppendTime >= 0 {
			ts = logAppendTime
		}
		*o = outcome{offset: base + int64(j), timestamp: ts, partition: b.tp.Partition, settled: true}
		if p.done++; p.done == p.records {
			p.flushing = false
		}
	}
}
