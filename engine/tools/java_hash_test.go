package tools

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The expected orders were printed by a java.util.HashSet of a record with
// TopicPartition's hashCode, filled in the order given (OpenJDK 21).
func TestJavaHashOrder(t *testing.T) {
	require.Equal(t, int32(99162322), javaStringHash("hello"))
	require.Equal(t, int32(835047), javaStringHash("日本"))
	require.Equal(t, int32(54959989), javaStringHash("\U0001F600x"), "hashed over UTF-16 code units")

	tps := func(groups ...any) []TopicPartition {
		var out []TopicPartition
		for i := 0; i < len(groups); i += 2 {
			for _, p := range groups[i+1].([]int32) {
				out = append(out, TopicPartition{Topic: groups[i].(string), Partition: p})
			}
		}
		return out
	}
	seq := func(n int32) []int32 {
		out := make([]int32, n)
		for i := range out {
			out[i] = int32(i)
		}
		return out
	}
	order := func(in []TopicPartition) string {
		var b strings.Builder
		for _, tp := range javaHashOrder(in, javaTopicPartitionHash) {
			fmt.Fprintf(&b, "%s-%d,", tp.Topic, tp.Partition)
		}
		return b.String()
	}
	require.Equal(t, "orders-0,orders-1,orders-2,", order(tps("orders", seq(3))))
	require.Equal(t, "orders-7,orders-8,orders-9,logs-0,logs-9,logs-6,orders-0,logs-5,orders-1,logs-8,orders-2,logs-7,orders-3,logs-2,orders-4,logs-1,orders-5,logs-4,orders-6,logs-3,",
		order(tps("orders", seq(10), "logs", seq(10))))
	require.Equal(t, "__consumer_offsets-13,__consumer_offsets-46,__consumer_offsets-9,__consumer_offsets-42,__consumer_offsets-21,__consumer_offsets-17,__consumer_offsets-30,__consumer_offsets-26,__consumer_offsets-5,__consumer_offsets-38,__consumer_offsets-1,__consumer_offsets-34,__consumer_offsets-16,__consumer_offsets-45,__consumer_offsets-12,__consumer_offsets-41,order_events-0,__consumer_offsets-24,__consumer_offsets-20,__consumer_offsets-49,__consumer_offsets-0,__consumer_offsets-29,__consumer_offsets-25,__consumer_offsets-8,__consumer_offsets-37,__consumer_offsets-4,__consumer_offsets-33,__consumer_offsets-15,__consumer_offsets-48,__consumer_offsets-11,__consumer_offsets-44,order_events-1,__consumer_offsets-23,__consumer_offsets-19,__consumer_offsets-32,__consumer_offsets-28,__consumer_offsets-7,__consumer_offsets-40,__consumer_offsets-3,__consumer_offsets-36,__consumer_offsets-47,__consumer_offsets-14,__consumer_offsets-43,order_events-2,__consumer_offsets-10,__consumer_offsets-22,__consumer_offsets-18,__consumer_offsets-31,__consumer_offsets-27,__consumer_offsets-39,__consumer_offsets-6,__consumer_offsets-35,__consumer_offsets-2,",
		order(tps("__consumer_offsets", seq(50), "order_events", []int32{2, 0, 1})))
}
