// Package tools implements Kafka's command-line tools — kafka-topics.sh,
// kafka-console-producer.sh, kafka-console-consumer.sh and, later,
// kafka-consumer-groups.sh — as plain Go over a lab cluster, with Kafka's flags
// and output formats, and the lab's own commands (step, run, trace). Scenario
// tests, lessons, the lab's terminal and the native kafkalab command all speak
// this one language.
//
// The tools see the cluster only through the Cluster interface, as Kafka's
// tools see a real cluster only through its protocol.
package tools
