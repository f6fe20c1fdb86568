package tools

import (
	"io"
	"slices"
	"strings"

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
