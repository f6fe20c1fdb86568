package tools

import (
	"io"
	"slices"
	"strings"

	"github.com/kafkalab/kafkalab/engine/producer"
	"github.com/kafkalab/kafkalab/engine/tools/toolsapi"
)

// dropUnknownConfigs removes from props the configs a Kafka client does not
// know and logs them as the client's AbstractConfig.logUnused does when it
// is constructed: "These configurations '[a, b]' were supplied but are not
// used yet." at INFO under the client's config class. The client then runs
// without them rather than failing.
//
// Deviation: Kafka's tools log at WARN (tools-log4j2.yaml), which hides this
// INFO line; the lab shows it, so a misspelt property is not silently lost.
func dropUnknownConfigs(w io.Writer, nowMs int64, props map[string]string, known func(string) bool, logger string) {
	var unknown []string
	for k := range props {
		if !known(k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		delete(props, k)
	}
	logLine(w, nowMs, "INFO", "These configurations '["+strings.Join(unknown, ", ")+"]' were supplied but are not used yet.", logger)
}

var (
	isConsumerConfig = toolsapi.IsConsumerConfig
	isProducerConfig = toolsapi.IsProducerConfig
)

// unmodelledProducerConfig returns the first config in props, by name, that
// Kafka's producer knows but the lab's producer does not model
// (transactional.id, the compression levels …), or "". Kafka would use it;
// the lab says so rather than pretend.
func unmodelledProducerConfig(props map[string]string) string {
	var names []string
	for k := range props {
		if isProducerConfig(k) && !slices.Contains(producer.Names(), k) {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	if len(names) == 0 {
		return ""
	}
	return names[0]
}
