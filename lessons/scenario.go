package lessons

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/kafkalab/kafkalab/engine/cluster"
	"go.yaml.in/yaml/v3"
)

// A Scenario is where a lesson starts: the cluster, its topics, its
// consumers and any records already written. The lab builds it by running
// lab commands (Script), so a learner can read exactly what was done.
type Scenario struct {
	Brokers int `yaml:"brokers"` // 1 to 12; 0 means 3
	// Controllers is the KRaft quorum's size: 1 or 3; 0 means 1.
	Controllers int            `yaml:"controllers"`
	Seed        uint64         `yaml:"seed"` // 0 means 7, the lab's default
	Topics      []TopicSpec    `yaml:"topics"`
	Records     []RecordSpec   `yaml:"records"`   // written with kafka-console-producer.sh, acks=all
	Consumers   []ConsumerSpec `yaml:"consumers"` // started with the lab's consumer command
	Setup       string         `yaml:"setup"`     // more lab commands, run last
}

// A TopicSpec is one topic the scenario creates.
type TopicSpec struct {
	Name       string            `yaml:"name"`
	Partitions int               `yaml:"partitions"` // 0 means 1
	RF         int               `yaml:"rf"`         // 0 means the brokers, at most 3
	Assignment string            `yaml:"assignment"` // --replica-assignment, e.g. "1:2:3,2:3:1"
	Configs    map[string]string `yaml:"configs"`
}

// A RecordSpec is one record the scenario writes.
type RecordSpec struct {
	Topic string `yaml:"topic"`
	Key   string `yaml:"key"`
	Value string `yaml:"value"`
}

// A ConsumerSpec is one long-running group member the scenario starts.
type ConsumerSpec struct {
	Name     string `yaml:"name"`
	Group    string `yaml:"group"`
	Topic    string `yaml:"topic"`
	Assignor string `yaml:"assignor"`
	Commit   string `yaml:"commit"`
}

var topicName = regexp.MustCompile(`^[a-zA-Z0-9._-]{1,100}$`)
var word = regexp.MustCompile(`^[a-zA-Z0-9._:-]+$`)

// BrokerCount returns the number of brokers.
func (s Scenario) BrokerCount() int {
	if s.Brokers == 0 {
		return 3
	}
	return s.Brokers
}

// ControllerCount returns the size of the controller quorum.
func (s Scenario) ControllerCount() int { return max(s.Controllers, 1) }

// SeedValue returns the seed.
func (s Scenario) SeedValue() uint64 {
	if s.Seed == 0 {
		return 7
	}
	return s.Seed
}

// validate checks the scenario; the error names the field.
func (s Scenario) validate() error {
	if s.Brokers < 0 || s.Brokers > cluster.MaxBrokers {
		return fmt.Errorf("brokers must be 1 to %d, got %d", cluster.MaxBrokers, s.Brokers)
	}
	if s.Controllers != 0 && s.Controllers != 1 && s.Controllers != 3 {
		return fmt.Errorf("controllers must be 1 or 3 (the lab's quorums), got %d", s.Controllers)
	}
	topics := map[string]bool{}
	for _, t := range s.Topics {
		if !topicName.MatchString(t.Name) {
			return fmt.Errorf("topic name %q is not a valid Kafka topic name", t.Name)
		}
		if t.Partitions < 0 || t.Partitions > 64 {
			return fmt.Errorf("topic %s: partitions must be 1 to 64", t.Name)
		}
		if t.RF < 0 || t.RF > s.BrokerCount() {
			return fmt.Errorf("topic %s: rf %d is more than the %d brokers", t.Name, t.RF, s.BrokerCount())
		}
		for k, v := range t.Configs {
			if !word.MatchString(k) || !word.MatchString(v) {
				return fmt.Errorf("topic %s: config %s=%s is not a plain name=value", t.Name, k, v)
			}
		}
		if t.Assignment != "" && !regexp.MustCompile(`^[0-9:,]+$`).MatchString(t.Assignment) {
			return fmt.Errorf("topic %s: assignment %q must look like 1:2:3,2:3:1", t.Name, t.Assignment)
		}
		topics[t.Name] = true
	}
	for _, r := range s.Records {
		if !topics[r.Topic] {
			return fmt.Errorf("record for topic %q, which the scenario does not create", r.Topic)
		}
		if strings.ContainsAny(r.Key+r.Value, ":\n'") {
			return fmt.Errorf("record %s:%s: keys and values may not contain ':', quotes or newlines", r.Key, r.Value)
		}
	}
	for _, c := range s.Consumers {
		if !word.MatchString(c.Name) || !word.MatchString(c.Group) {
			return fmt.Errorf("consumer needs a name and a group made of letters, digits, '.', '_' or '-'")
		}
		if !topics[c.Topic] {
			return fmt.Errorf("consumer %s reads topic %q, which the scenario does not create", c.Name, c.Topic)
		}
	}
	if err := checkScript(s.Setup); err != nil {
		return fmt.Errorf("setup: %v", err)
	}
	return nil
}

// Script returns the lab commands that build the scenario on a fresh cluster.
func (s Scenario) Script() string {
	var b strings.Builder
	for _, t := range s.Topics {
		fmt.Fprintf(&b, "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic %s", t.Name)
		if t.Assignment != "" {
			fmt.Fprintf(&b, " --replica-assignment %s", t.Assignment)
		} else {
			p, rf := t.Partitions, t.RF
			if p == 0 {
				p = 1
			}
			if rf == 0 {
				rf = min(3, s.BrokerCount())
			}
			fmt.Fprintf(&b, " --partitions %d --replication-factor %d", p, rf)
		}
		keys := make([]string, 0, len(t.Configs))
		for k := range t.Configs {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, " --config %s=%s", k, t.Configs[k])
		}
		b.WriteString("\n")
	}
	// Records, one producer run per topic, in the order written.
	for i := 0; i < len(s.Records); {
		t := s.Records[i].Topic
		fmt.Fprintf(&b, "kafka-console-producer.sh --bootstrap-server localhost:9092 --topic %s --property parse.key=true --property key.separator=: <<EOF\n", t)
		for ; i < len(s.Records) && s.Records[i].Topic == t; i++ {
			fmt.Fprintf(&b, "%s:%s\n", s.Records[i].Key, s.Records[i].Value)
		}
		b.WriteString("EOF\n")
	}
	for _, c := range s.Consumers {
		fmt.Fprintf(&b, "consumer start %s --group %s --topic %s", c.Name, c.Group, c.Topic)
		if c.Assignor != "" {
			fmt.Fprintf(&b, " --assignor %s", c.Assignor)
		}
		if c.Commit != "" {
			fmt.Fprintf(&b, " --commit %s", c.Commit)
		}
		b.WriteString("\n")
	}
	if len(s.Topics)+len(s.Records)+len(s.Consumers) > 0 {
		b.WriteString("run idle\n")
	}
	b.WriteString(s.Setup)
	return b.String()
}

// parseScenarioUnused decodes and validates the front matter's scenario.
func parseScenarioUnused(doc *yaml.Node) (*Scenario, int, error) {
	if len(doc.Content) == 0 {
		return nil, 0, nil
	}
	n := valueNode(doc.Content[0], "scenario", nil)
	if n == nil {
		return nil, 0, nil
	}
	var s Scenario
	if l, err := decodeStrict(n, &s); err != nil {
		return nil, l, err
	}
	if err := s.validate(); err != nil {
		return nil, n.Line, err
	}
	return &s, n.Line, nil
}
