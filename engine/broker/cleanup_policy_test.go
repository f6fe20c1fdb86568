package broker

import (
	"testing"

	"github.com/kafkalab/kafkalab/engine/log"
	"github.com/kafkalab/kafkalab/engine/metadata"
	"github.com/kafkalab/kafkalab/engine/record"
)

// TestCompactTopicSurvivesRetention: the broker passes cleanup.policy to the
// log, so a compact-only topic such as __consumer_offsets (created with
// cleanup.policy=compact) never loses segments to retention.ms or
// retention.bytes, while a delete topic with the same settings does.
func TestCompactTopicSurvivesRetention(t *testing.T) {
	for _, policy := range []string{"compact", "delete"} {
		tc := metadata.DefaultTopicConfig()
		tc.CleanupPolicy = policy
		tc.SegmentBytes = 200
		tc.RetentionMs = 10
		tc.RetentionBytes = 100
		lg, _, err := log.Open(log.NewMemStorage(), logConfig(tc), log.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for i := range 5 {
			b := record.Batch{BaseTimestamp: int64(i), MaxTimestamp: int64(i), ProducerID: -1, ProducerEpoch: -1, BaseSequence: -1,
				Records: []record.Record{{Value: make([]byte, 100)}}}
			if _, err := lg.Append(record.AppendBatch(nil, &b), 0, int64(i)); err != nil {
				t.Fatal(err)
			}
		}
		dels, err := lg.DeleteOldSegments(1_000_000, lg.EndOffset())
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case policy == "compact" && (len(dels) != 0 || lg.StartOffset() != 0):
			t.Errorf("compact: retention deleted %v, log start offset %d", dels, lg.StartOffset())
		case policy == "delete" && len(dels) == 0:
			t.Errorf("delete: retention deleted nothing")
		}
	}
}
