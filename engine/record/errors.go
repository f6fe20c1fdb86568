package record

import (
	"fmt"

	"github.com/kafkalab/kafkalab/engine/kerr"
)

// ErrTruncated is matched (with errors.Is) by the errors for a buffer that
// ends before the batch it starts does. It also matches kerr.CorruptMessage.
// Kafka's log reader treats such a tail as the end of the log and recovery
// truncates it away, so the log may want to tell it apart from corruption.
var ErrTruncated = kerr.Wrap(kerr.CorruptMessage, "record: truncated batch")

// Kafka reports a bad batch frame (size, magic, CRC) as CorruptRecordException,
// code CORRUPT_MESSAGE, and a bad record inside a sound frame as
// InvalidRecordException, code INVALID_RECORD. These helpers keep that split.

func corrupt(format string, args ...any) error {
	return kerr.Wrap(kerr.CorruptMessage, "record: "+format, args...)
}

func truncated(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrTruncated}, args...)...)
}

func invalid(format string, args ...any) error {
	return kerr.Wrap(kerr.InvalidRecord, "record: "+format, args...)
}

func unsupportedCodec(c Codec) error {
	if c > Zstd {
		return kerr.Wrap(kerr.UnsupportedCompressionType, "record: unknown compression codec id %d", int8(c))
	}
	return kerr.Wrap(kerr.UnsupportedCompressionType, "record: compression codec %s is not implemented", c)
}
