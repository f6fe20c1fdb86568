package checker_test

import (
	"testing"

	"github.com/kafkalab/kafkalab/engine/checker"
)

// TestPinnedGroupSeeds replays, strictly, seeds of the group workload that
// once failed. 22, 33, 35, 51, 53, 54, 62: a consumer restarted next to a
// broker that had just restarted after a crash; the broker, still replaying
// its metadata log, answered the consumer's Metadata request from its empty
// image (UNKNOWN_TOPIC_OR_PARTITION for the checked topic), so the consumer,
// elected leader, assigned nothing and the group went Stable in generation
// 1 with no owner for checked-0. Kafka's broker opens its listeners only
// after the initial metadata catch-up (BrokerServer.startup).
func TestPinnedGroupSeeds(t *testing.T) {
	for _, seed := range []uint64{22, 33, 35, 51, 53, 54, 62} {
		opts := checker.Options{Groups: true, Faults: checker.SafeMenu()}
		if err := checker.Run(seed, opts).Err(); err != nil {
			t.Errorf("seed %d: %v", seed, err)
		}
	}
}
