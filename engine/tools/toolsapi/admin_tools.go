package toolsapi

import "errors"

// More ListOffsets timestamps with special meaning (ListOffsetsRequest.java),
// as kafka-get-offsets.sh --time sends them.
const (
	MaxTimestamp  int64 = -3 // the first record with the largest timestamp (KIP-734)
	EarliestLocal int64 = -4 // the first offset on local disk (KIP-1005)
	LatestTiered  int64 = -5 // the last offset in remote storage (KIP-1005)
)

// A LeaderElector runs leader elections through the controller, as
// kafka-leader-election.sh does with Admin.electLeaders. The tool asks for it
// with a type assertion.
type LeaderElector interface {
	// ElectLeaders sends one ElectLeaders request, preferred or unclean,
	// for the given partitions and returns one result per partition in
	// the controller's order. With all set, partitions is ignored: every
	// partition of every topic is asked for, and, as Kafka's controller
	// does for a request without partitions, those whose election is not
	// needed are left out of the results.
	ElectLeaders(unclean bool, partitions []TopicPartition, all bool) ([]ElectionResult, error)
}

// TopicPartition names one partition.
type TopicPartition struct {
	Topic     string
	Partition int32
}

// ElectionResult is one partition's outcome of ElectLeaders: nil, or a
// Kafka error (ELECTION_NOT_NEEDED, PREFERRED_LEADER_NOT_AVAILABLE …).
type ElectionResult struct {
	TopicPartition
	Err error
}

// A LogDirs reads the brokers' log directories as files on their disks,
// for kafka-dump-log.sh and the ls lab command. Disks survive a broker's
// crash, so a stopped broker's files can still be read. Reading does not
// send requests or advance simulated time.
type LogDirs interface {
	// LogPartitionDirs lists the partition directories ("orders-0") on the
	// broker's disk, sorted.
	LogPartitionDirs(broker int32) ([]string, error)
	// LogFiles lists the files of one partition directory, sorted by name.
	LogFiles(broker int32, dir string) ([]LogFile, error)
	// ReadLogFile returns the bytes of one file. A directory or file that
	// does not exist is an error wrapping ErrNoSuchFile.
	ReadLogFile(broker int32, dir, name string) ([]byte, error)
}

// LogFile is one file of a partition directory.
type LogFile struct {
	Name string
	Size int64
}

// ErrNoSuchFile is the error of a LogDirs call on a file or directory that
// does not exist.
var ErrNoSuchFile = errors.New("no such file or directory")

// A HostFiles reads files of the machine the lab runs on, for the options
// of Kafka's tools that name a file (kafka-leader-election.sh
// --path-to-json-file). The native kafkalab command offers it; the
// browser's terminal has no files, and its tools say so.
type HostFiles interface {
	// ReadHostFile returns a file's bytes; a missing file is an error
	// matching fs.ErrNotExist.
	ReadHostFile(path string) ([]byte, error)
}
