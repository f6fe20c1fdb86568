# A first run of the lab's engine, without a browser:
#   go run ./cmd/kafkalab examples/first-run.sh
# Kafka's own tools against a simulated 3-broker cluster; `run` and `trace`
# are the lab's commands.

kafka-topics.sh --bootstrap-server localhost:9092 --create --topic order_events \
  --partitions 3 --replication-factor 3 --config min.insync.replicas=2
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic order_events

# Keyed records: the key decides the partition (murmur2, as the Java client):
# alice and bob land on partition 0, dave on 1, carol on 2 — and every record
# with the same key lands on the same partition, which keeps them in order.
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic order_events \
  --property parse.key=true --property key.separator=: <<EOF
alice:order #1
carol:order #2
dave:order #3
alice:order #4
EOF
run idle

# Steps 1-9 of the message lifecycle, as the engine traced them.
trace --lifecycle

kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic order_events \
  --from-beginning --property print.key=true --property print.partition=true --timeout-ms 2000
