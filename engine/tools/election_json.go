package tools

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/kafkalab/kafkalab/engine/tools/toolsapi"
)

// An electionFileError is what LeaderElectionCommand.parseReplicaElectionData
// throws: the message main prints and the first line of the stack trace.
type electionFileError struct{ msg, trace string }

func (e *electionFileError) Error() string { return e.msg }

// adminOperationFailed is an AdminOperationException.
func adminOperationFailed(msg string) error {
	return &electionFileError{msg: msg, trace: "org.apache.kafka.server.common.AdminOperationException: " + msg}
}

// jsonMappingFailed is a Jackson JsonMappingException, which the command
// rethrows wrapped in a RuntimeException.
func jsonMappingFailed(msg string) error {
	m := "com.fasterxml.jackson.databind.JsonMappingException: " + msg
	return &electionFileError{msg: m, trace: "java.lang.RuntimeException: " + m}
}

// readElectionFile reads --path-to-json-file from the host, as
// Utils.readFileAsString does, and parses it.
func readElectionFile(c Cluster, path string) ([]TopicPartition, error) {
	hf, ok := c.(toolsapi.HostFiles)
	if !ok {
		return nil, errors.New("lab: --path-to-json-file: the lab's terminal has no files to read; name one partition with --topic and --partition, or use --all-topic-partitions")
	}
	b, err := hf.ReadHostFile(path)
	if err != nil {
		cause := "java.io.IOException: " + err.Error()
		if errors.Is(err, fs.ErrNotExist) {
			cause = "java.nio.file.NoSuchFileException: " + path
		}
		return nil, &electionFileError{msg: cause, trace: "java.lang.RuntimeException: " + cause}
	}
	return parseElectionData(string(b))
}

// parseElectionData is parseReplicaElectionData on the file's text
// ({"partitions": [{"topic": "foo", "partition": 1}, …]}), with the
// messages of Kafka's json helpers (JsonValue, JsonObject, DecodeJson in
// server-common). Json.parseFull answers invalid JSON with nothing, which
// the command reports as empty data. The result is in the order of a
// java.util.HashSet, as the command builds one.
func parseElectionData(text string) ([]TopicPartition, error) {
	js, err := parseJSON(text)
	if err != nil {
		return nil, adminOperationFailed("Replica election data is empty")
	}
	if js.kind != 'o' {
		return nil, jsonMappingFailed("Expected JSON object, received " + js.String())
	}
	list, ok := js.field("partitions")
	if !ok {
		return nil, adminOperationFailed(`Replica election data is missing "partitions" field`)
	}
	if list.kind != 'a' {
		return nil, jsonMappingFailed("Expected JSON array, received " + list.String())
	}
	var tps []TopicPartition
	for _, item := range list.items {
		if item.kind != 'o' {
			return nil, jsonMappingFailed("Expected JSON object, received " + item.String())
		}
		topic, ok := item.field("topic")
		if !ok {
			return nil, jsonMappingFailed("No such field exists: `topic`")
		}
		if topic.kind != 's' {
			return nil, jsonMappingFailed("Expected `String` value, received " + topic.String())
		}
		part, ok := item.field("partition")
		if !ok {
			return nil, jsonMappingFailed("No such field exists: `partition`")
		}
		p, isInt := part.isInt()
		if !isInt {
			return nil, jsonMappingFailed("Expected `Integer` value, received " + part.String())
		}
		tps = append(tps, TopicPartition{Topic: topic.str, Partition: p})
	}
	var dups []TopicPartition
	seen := map[TopicPartition]int{}
	for _, tp := range tps {
		if seen[tp]++; seen[tp] == 2 {
			dups = append(dups, tp)
		}
	}
	if len(dups) > 0 {
		names := make([]string, len(dups))
		for i, tp := range javaHashOrder(dups, javaTopicPartitionHash) {
			names[i] = fmt.Sprintf("%s-%d", tp.Topic, tp.Partition)
		}
		return nil, adminOperationFailed("Replica election data contains duplicate partitions: [" + strings.Join(names, ", ") + "]")
	}
	var unique []TopicPartition
	for _, tp := range tps {
		if seen[tp] > 0 {
			unique = append(unique, tp)
			seen[tp] = 0
		}
	}
	return javaHashOrder(unique, javaTopicPartitionHash), nil
}
