package metadata

import (
	"github.com/google/uuid"
)

// A Topic is the controller's record of one topic: its name, the id Kafka
// gives it at creation (TopicRecord), its partitions and its config overrides.
type Topic struct {
	Name       string
	ID         uuid.UUID   // chosen by the caller (the simulation's seeded source); Kafka uses Uuid.randomUuid
	Partitions []Partition // indexed by partition id
	Config     TopicConfig
}

// NewTopic builds a topic from a replica assignment (from AssignReplicas or a
// validated manual assignment): each partition starts with its active
// replicas in the ISR, the first of them leading, epochs 0, as
// ReplicationControlManager.createTopic records it. It validates the name but
// not its collisions with other topics; use CheckNewTopicName for that.
func NewTopic(name string, id uuid.UUID, assignment [][]int32, cfg TopicConfig, active func(int32) bool) (Topic, error) {
	if err := ValidateTopicName(name); err != nil {
		return Topic{}, err
	}
	t := Topic{Name: name, ID: id, Config: cfg, Partitions: make([]Partition, len(assignment))}
	for i, replicas := range assignment {
		p, err := NewPartition(replicas, active)
		if err != nil {
			return Topic{}, err
		}
		t.Partitions[i] = p
	}
	return t, nil
}

// ReplicationFactor returns the number of replicas of partition 0, which
// kafka-topics.sh --describe shows as the topic's ReplicationFactor.
func (t Topic) ReplicationFactor() int {
	if len(t.Partitions) == 0 {
		return 0
	}
	return len(t.Partitions[0].Replicas)
}

// IsInternal reports whether the topic is one of Kafka's internal topics.
func (t Topic) IsInternal() bool { return IsInternalTopic(t.Name) }
