package tools

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/kafkalab/kafkalab/engine/kerr"
)

// logLine writes one line as Kafka's tools log it to standard error with
// their log4j pattern "[%d] %p %m (%c)%n". The timestamp is the simulated
// clock, read as milliseconds since the Unix epoch.
func logLine(w io.Writer, nowMs int64, level, msg, logger string) {
	fmt.Fprintf(w, "[%s] %s %s (%s)\n", logTime(nowMs), level, msg, logger)
}

// logTime formats ms since the epoch as log4j's ISO8601 pattern does in UTC:
// "2024-01-02 15:04:05,123". It avoids the time package, which the engine
// must not import, with the days-to-civil-date algorithm of H. Hinnant.
func logTime(ms int64) string {
	if ms < 0 {
		ms = 0
	}
	days, rem := ms/86_400_000, ms%86_400_000
	z := days + 719468
	era := z / 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	h, rem := rem/3_600_000, rem%3_600_000
	mi, rem := rem/60_000, rem%60_000
	s, milli := rem/1000, rem%1000
	return fmt.Sprintf("%04d-%02d-%02d %02d:%02d:%02d,%03d", y, m, d, h, mi, s, milli)
}

// exceptionClasses maps Kafka error codes to the exception class the Java
// client raises for them (org.apache.kafka.common.errors.*, Errors.java).
var exceptionClasses = map[int16]string{
	-1:  "UnknownServerException",
	1:   "OffsetOutOfRangeException",
	2:   "CorruptRecordException",
	3:   "UnknownTopicOrPartitionException",
	5:   "LeaderNotAvailableException",
	6:   "NotLeaderOrFollowerException",
	7:   "TimeoutException",
	8:   "BrokerNotAvailableException",
	9:   "ReplicaNotAvailableException",
	10:  "RecordTooLargeException",
	13:  "NetworkException",
	17:  "InvalidTopicException",
	18:  "RecordBatchTooLargeException",
	19:  "NotEnoughReplicasException",
	20:  "NotEnoughReplicasAfterAppendException",
	21:  "InvalidRequiredAcksException",
	35:  "UnsupportedVersionException",
	36:  "TopicExistsException",
	37:  "InvalidPartitionsException",
	38:  "InvalidReplicationFactorException",
	39:  "InvalidReplicaAssignmentException",
	40:  "InvalidConfigurationException",
	41:  "NotControllerException",
	42:  "InvalidRequestException",
	45:  "OutOfOrderSequenceException",
	46:  "DuplicateSequenceException",
	47:  "InvalidProducerEpochException",
	56:  "KafkaStorageException",
	59:  "UnknownProducerIdException",
	74:  "FencedLeaderEpochException",
	75:  "UnknownLeaderEpochException",
	87:  "InvalidRecordException",
	100: "UnknownTopicIdException",
}

// kafkaMessage returns the message Kafka's client would carry for err: the
// specific reason a kerr.Wrap error gives after "NAME: ", or the code's
// description for a bare *kerr.Error. Errors that carry no Kafka code are
// returned whole.
func kafkaMessage(err error) string {
	var ke *kerr.Error
	if !errors.As(err, &ke) {
		return err.Error()
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, ke.Name+": "); i >= 0 {
		return msg[i+len(ke.Name)+2:]
	}
	return ke.Description
}

// javaException renders err as the first line of the Java stack trace Kafka's
// tools print: "org.apache.kafka.common.errors.TopicExistsException: Topic
// 'x' already exists.". An error without a Kafka code becomes a
// KafkaException.
func javaException(err error) string {
	var ke *kerr.Error
	if !errors.As(err, &ke) {
		if msg := err.Error(); strings.HasPrefix(msg, "org.apache.kafka.") {
			return msg // already a client exception (NoOffsetForPartitionException, OffsetOutOfRangeException)
		}
		return "org.apache.kafka.common.KafkaException: " + err.Error()
	}
	class, ok := exceptionClasses[ke.Code]
	if !ok {
		class = "ApiException"
	}
	return "org.apache.kafka.common.errors." + class + ": " + kafkaMessage(err)
}

// joinInt32 joins ids with commas: "1,2,3".
func joinInt32(ids []int32) string {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(int(id)))
	}
	return b.String()
}
