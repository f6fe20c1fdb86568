package broker

import (
	"strconv"

	"github.com/kafkalab/kafkalab/engine/protocol"
)

// A label builds a trace label with appends instead of fmt, which matters on
// the replication path where every batch makes several labels. The text is
// the same as fmt's with the verbs the comments name.
type label []byte

func (l label) s(x string) label { return append(l, x...) }

// i appends x as %d would.
func (l label) i(x int64) label { return strconv.AppendInt(l, x, 10) }

// tp appends tp as %s would (TopicPartition.String).
func (l label) tp(tp protocol.TopicPartition) label {
	return strconv.AppendInt(append(append(l, tp.Topic...), '-'), int64(tp.Partition), 10)
}

// records appends "1 record" or "N records".
func (l label) records(n int) label {
	if n == 1 {
		return append(l, "1 record"...)
	}
	return append(l.i(int64(n)), " records"...)
}

// offsets appends "offset F" or "offsets F–L".
func (l label) offsets(first, last int64) label {
	if first == last {
		return append(l, "offset "...).i(first)
	}
	return append(l, "offsets "...).i(first).s("–").i(last)
}

// ids appends "[1,2,3]".
func (l label) ids(ids []int32) label {
	l = append(l, '[')
	for i, id := range ids {
		if i > 0 {
			l = append(l, ',')
		}
		l = l.i(int64(id))
	}
	return append(l, ']')
}

func (l label) String() string { return string(l) }
