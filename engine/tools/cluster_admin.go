package tools

import "github.com/kafkalab/kafkalab/engine/tools/toolsapi"

// Aliases for the contract of kafka-leader-election.sh, kafka-dump-log.sh
// and the ls lab command (toolsapi/admin_tools.go).
type (
	TopicPartition = toolsapi.TopicPartition
	ElectionResult = toolsapi.ElectionResult
	LeaderElector  = toolsapi.LeaderElector
	LogDirs        = toolsapi.LogDirs
	LogFile        = toolsapi.LogFile
)

// ErrNoSuchFile is toolsapi.ErrNoSuchFile.
var ErrNoSuchFile = toolsapi.ErrNoSuchFile
