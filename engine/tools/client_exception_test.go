package tools

import (
	"errors"
	"testing"
)

// TestJavaExceptionClientException: a consumer's own exception (poll
// throwing OffsetOutOfRangeException with auto.offset.reset=none) is printed
// as is by the console consumer, not wrapped in a KafkaException.
func TestJavaExceptionClientException(t *testing.T) {
	msg := "org.apache.kafka.clients.consumer.OffsetOutOfRangeException: Fetch position FetchPosition{offset=5} is out of range for partition r-0"
	if got := javaException(errors.New(msg)); got != msg {
		t.Fatalf("javaException = %q", got)
	}
}
