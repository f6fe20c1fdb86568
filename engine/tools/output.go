package tools

import (
	"bytes"
	"io"
)

// A Span is the byte range [Start, End) of a transcript.
type Span struct{ Start, End int }

// A StderrWriter is a transcript writer that keeps standard error apart
// from standard output, for a terminal that shows it differently. Write
// takes standard output; the order of the two streams is the order of the
// calls.
type StderrWriter interface {
	io.Writer
	WriteStderr(p []byte) (int, error)
}

// An Output is a transcript in memory that remembers which bytes a command
// wrote to standard error. The Runner writes to it through StderrWriter.
type Output struct {
	buf    bytes.Buffer
	stderr []Span
}

var _ StderrWriter = (*Output)(nil)

// Write appends standard output.
func (o *Output) Write(p []byte) (int, error) { return o.buf.Write(p) }

// WriteStderr appends standard error, merged with an adjacent span.
func (o *Output) WriteStderr(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	start := o.buf.Len()
	n, err := o.buf.Write(p)
	if k := len(o.stderr); k > 0 && o.stderr[k-1].End == start {
		o.stderr[k-1].End += n
	} else {
		o.stderr = append(o.stderr, Span{start, start + n})
	}
	return n, err
}

// String returns the whole transcript.
func (o *Output) String() string { return o.buf.String() }

// Bytes returns the whole transcript; callers must not modify it.
func (o *Output) Bytes() []byte { return o.buf.Bytes() }

// Len returns the transcript's length in bytes.
func (o *Output) Len() int { return o.buf.Len() }

// Stderr returns the spans written to standard error, in order.
func (o *Output) Stderr() []Span { return o.stderr }

// WriteTo writes the transcript to w, keeping standard error apart when w
// is a StderrWriter.
func (o *Output) WriteTo(w io.Writer) (int64, error) {
	sw, ok := w.(StderrWriter)
	if !ok {
		n, err := w.Write(o.buf.Bytes())
		return int64(n), err
	}
	b, at, total := o.buf.Bytes(), 0, int64(0)
	for _, s := range append(o.stderr, Span{len(b), len(b)}) {
		if s.Start > at {
			n, err := sw.Write(b[at:s.Start])
			if total += int64(n); err != nil {
				return total, err
			}
		}
		if s.End > s.Start {
			n, err := sw.WriteStderr(b[s.Start:s.End])
			if total += int64(n); err != nil {
				return total, err
			}
		}
		at = s.End
	}
	return total, nil
}

// stderrOf is the standard error side of an Output, as an io.Writer for a
// tool.
type stderrOf struct{ o *Output }

func (s stderrOf) Write(p []byte) (int, error) { return s.o.WriteStderr(p) }
