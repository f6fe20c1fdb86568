// Package tools implements Kafka's command-line tools — kafka-topics.sh,
// kafka-console-producer.sh, kafka-console-consumer.sh,
// kafka-consumer-groups.sh, kafka-get-offsets.sh, kafka-leader-election.sh,
// kafka-dump-log.sh and the perf tests — as plain Go over a lab cluster,
// with Kafka's flags and output formats, and the lab's own commands (step,
// run, trace). Scenario tests, lessons, the lab's terminal and the native
// kafkalab command all speak this one language.
//
// The tools see the cluster only through the Cluster interface, as Kafka's
// tools see a real cluster only through its protocol.
//
// # The language
//
// A script is what a learner would type into a shell, one command per line:
//
//	# Create a topic and write three keyed records to it.
//	kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders \
//	  --partitions 3 --replication-factor 3 --config min.insync.replicas=2
//	kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders \
//	  --property parse.key=true --property key.separator=: <<EOF
//	alice:order-1
//	bob:order-2
//	EOF
//	echo "carol:order-3" | kafka-console-producer.sh --bootstrap-server broker-2:9093 --topic orders \
//	  --property parse.key=true --property key.separator=: --producer-property acks=1
//	run idle
//	trace --lifecycle
//	kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders \
//	  --from-beginning --property print.key=true --property print.partition=true
//
// The grammar is a small, strict subset of the POSIX shell:
//
//   - a command is words separated by blanks; the first word is the program
//     ("bin/kafka-topics.sh", "kafka-topics.sh" and "kafka-topics" are the same);
//   - 'single quotes' keep everything literal; "double quotes" allow \" \\ \$
//     and \` escapes; outside quotes a backslash escapes the next character;
//   - a backslash at the end of a line continues the command on the next line,
//     and a quoted string may span lines;
//   - # starts a comment at the beginning of a word; blank lines are ignored;
//   - cmd <<EOF … EOF gives the lines between as the command's standard input
//     (also <<'EOF', <<"EOF" and <<-EOF, which strips leading tabs); the body
//     is never expanded;
//   - echo … | cmd and printf FORMAT … | cmd give their output as standard
//     input (echo -n and -e; printf %s, %d, %%, \n, \t); no other pipes;
//   - anything else the shell has — variables ($X), substitutions, ; && || &,
//     redirections < and >, subshells — is a SyntaxError with its line number
//     rather than a silent surprise.
//
// Limits: a script is at most MaxScriptBytes, a command line MaxLineBytes with
// at most MaxWords words, a heredoc or piped text MaxHeredocBytes, a script
// MaxCommands commands, and a producer run MaxProducerLines records.
//
// # Kafka's tools
//
// KafkaTopics, ConsoleProducer and ConsoleConsumer follow the sources of
// Kafka 4.1 (org.apache.kafka.tools.TopicCommand, ConsoleProducer with
// LineMessageReader, consumer.ConsoleConsumer with DefaultMessageFormatter,
// jopt-simple's parser and CommandLineUtils): the same options (unique
// abbreviations and --name=value included), the same output on stdout and
// stderr, the same error messages and exit statuses.
//
//   - kafka-topics.sh: --create (--partitions, --replication-factor,
//     --config k=v, --replica-assignment, --if-not-exists), --list, --describe
//     (the Topic/TopicId/PartitionCount/ReplicationFactor/Configs header and
//     one tab-indented line per partition with Leader, Replicas, Isr, Elr and
//     LastKnownElr; --under-replicated-partitions, --unavailable-partitions,
//     --under-min-isr-partitions, --at-min-isr-partitions,
//     --topics-with-overrides, --exclude-internal, --if-exists), --alter
//     --partitions (with --replica-assignment), --delete. --topic is a regular
//     expression except with --create, as in Kafka. Topic regular expressions
//     (here, in kafka-get-offsets.sh and the perf consumer's --include) are
//     matched by engine/javaregex, which covers the subset of Java's syntax
//     learners use and refuses the rest (lookaround, possessive quantifiers,
//     back references, flags) as an invalid regex.
//   - kafka-console-producer.sh: --topic, --property (parse.key, key.separator,
//     parse.headers, headers.delimiter, headers.separator,
//     headers.key.separator, null.marker, ignore.error), --producer-property
//     (acks, linger.ms, partitioner.class, partitioner.ignore.keys …),
//     --request-required-acks, --sync, --compression-codec, --timeout,
//     --batch-size and the other options that set producer configs. The
//     producer gets the configs the real tool sets (acks=-1, linger.ms=1000,
//     request.timeout.ms=1500, retries=3 … unless overridden). Failed sends
//     are logged as ErrorLoggingCallback logs them and the tool still exits 0.
//   - kafka-console-consumer.sh: --topic, --partition, --offset,
//     --from-beginning, --max-messages, --timeout-ms, --property (print.key,
//     print.partition, print.offset, print.timestamp, print.headers,
//     print.value, key.separator, line.separator, headers.separator,
//     null.literal), --consumer-property, --isolation-level; it ends with
//     "Processed a total of N messages" on stderr.
//   - kafka-configs.sh (ConfigCommand, configs.go): --entity-type topics or
//     brokers (and --topic, --broker, --broker-defaults) with --entity-name
//     or --entity-default; --describe [--all] prints each config with its
//     synonyms; --alter --add-config k=v,k2=[a,b] / --delete-config k,k2
//     changes topic overrides and dynamic broker configs, which every broker
//     applies as it replays them. The lab models the twelve topic configs of
//     engine/metadata and their broker-level synonyms, so --all lists those
//     only; other entity types, --add-config-file and --command-config are
//     refused with a "lab:" message, and so is a broker config the lab does
//     not model (Kafka would accept an unknown name).
//   - kafka-get-offsets.sh (GetOffsetShell): --topic (a regular
//     expression) and --partitions, or --topic-partitions rules, --time
//     latest/earliest/max-timestamp/earliest-local/latest-tiered or a
//     timestamp in ms, --exclude-internal-topics; "topic:partition:offset"
//     lines sorted as TopicPartition.toString sorts, through the leaders'
//     ListOffsets (a timestamp walks the time index, the offset index, then
//     the .log). Without tiered storage earliest-local is the log start
//     offset and latest-tiered has no answer, so nothing is printed.
//   - kafka-leader-election.sh (LeaderElectionCommand): --election-type
//     preferred|unclean with --topic and --partition,
//     --all-topic-partitions or --path-to-json-file, through the
//     controller's ElectLeaders; the
//     elected, already-elected and failed partitions in java.util.HashSet
//     order, as Kafka prints them. An unclean election elects a leaderless
//     partition from any live replica, whatever
//     unclean.leader.election.enable says.
//   - kafka-dump-log.sh (DumpLogSegments): --files, --print-data-log,
//     --deep-iteration, --max-bytes, --verify-index-only,
//     --index-sanity-check over the brokers' disks, which the lab shows
//     under LogRoot (/var/lib/kafka/broker-<id>/<topic>-<partition>/; a
//     relative path is read from /var/lib/kafka). Index entries are checked
//     against the .log and the problems listed on stderr, as Kafka does.
//     --offsets-decoder prints __consumer_offsets records as JSON.
//   - kafka-producer-perf-test.sh (ProducerPerformance, argparse4j's
//     parsing and errors) and kafka-consumer-perf-test.sh
//     (ConsumerPerformance) run in simulated time: records go out at
//     --throughput per simulated second (all at once with -1), a latency
//     is the simulated time from send to callback, and the consumer's
//     times and rates come from the simulation clock, so the figures show
//     what acks, linger.ms, replication and rebalances cost, not how fast
//     the learner's computer is.
//
// --bootstrap-server is required as Kafka requires it, and must name a lab
// broker: "broker-<id>:<port>" or "localhost:<port>" / "127.0.0.1:<port>",
// where broker n listens on port 9092+n−1 (localhost:9092 is broker 1), in a
// comma-separated list of which one running broker is enough.
//
// # The lab's commands
//
// These are the lab's own, not Kafka's; they drive and show the simulation:
//
//	help                          list the commands
//	brokers                       the brokers, their addresses, up or down
//	step [N]                      process the next N events (default 1), showing each
//	run idle | run-until-idle     run until only periodic timers remain: every broker
//	                              that is up registered, unfenced, in sync
//	run 500ms | run 2s            let simulated time pass
//	sleep SECONDS                 the same, as a shell script would wait
//	time                          the simulated time
//	trace [--all] [--since SEQ] [--last N] [--lifecycle] [--node NAME] [--kind KIND]
//	                              trace entries, by default those not shown yet
//	echo TEXT                     print a note
//	stop broker-N, start broker-N stop a broker (as a crash) and start it again
//	slow FROM TO 200ms            delay messages on one link; 0ms restores it
//	heal                          end every network fault
//	quorum                        each controller's role, epoch, end offset and HW
//	crash controller-N, restart controller-N
//	                              kill and boot a controller of a quorum (-controllers 3)
//	move-leader TOPIC P broker-N  make an in-sync broker the partition's leader
//	app-produce TOPIC VALUE...    send with app-producer, a long-lived producer that
//	                              keeps its metadata between sends (and so can be stale)
//	producer start NAME --topic T --rate 10/s [--keys N] [--count N] [--acks A]
//	                              a producer sending NAME-0, NAME-1 … at a steady rate
//	                              of simulated time; producer stop NAME flushes and stops it
//	producers                     the rate producers: records sent, acknowledged, failed
//	seed [N]                      the simulation's seed; seed N starts a fresh cluster
//	                              with it where the Runner has a Reseed hook (kafkalab
//	                              has one; the lab page sets the seed when it starts)
//	ls [-l] [PATH]                list the brokers' log directories under /var/lib/kafka
//	                              (broker-2/orders-0/…), the files kafka-dump-log.sh reads
//	panel produce|crash|consumer|create-topic|cut|heal|slow|drop …
//	                              exactly what a panel or button of the live lab does
//	                              (lab_panel.go): queued, not run, and no answer awaited;
//	                              recorded scenarios write panel inputs this way
//
// A trace line reads "#SEQ TIMEms KIND FROM → TO API LABEL (REASON)", e.g.
//
//	#42      12ms deliver  producer-1 → broker-2   Produce  4. ProduceRequest(orders, P1)
//
// The fault commands need a cluster that implements BrokerControl,
// LinkControl or LeaderControl, and trace shows the tools' own requests only
// for a cluster that is a TraceSource; otherwise trace shows what step and
// run returned, and a fault command says the cluster cannot do it yet.
//
// A Runner runs a script and writes a transcript: each command after "$ ",
// its output (stdout and stderr in the order written), and "[exit status N]"
// after a failure; it stops at the first failure unless ContinueOnError.
// With Settle it runs the simulation until idle (for at most SettleMaxMs) after each command that acts
// on the cluster (not after step, run, sleep, trace and the other commands
// that drive or only show the simulation), as cmd/kafkalab does, so that a
// transcript depends only on the script and the seed.
//
// # Tab completion
//
// Complete completes a command line as bash's completion would, for the
// lab's terminal: the first word to Kafka's tools and the lab's commands; a
// tool's options from the same option table its usage text prints; the
// argument of --topic, --group and --bootstrap-server to the cluster's
// topics, groups and broker addresses; and a lab command's arguments from
// the words of its usage line (sub-commands such as consumer
// stop|crash|restart, broker-N, TOPIC, GROUP, NODE). It is a read of names
// the caller gathers from the cluster's state (CompletionNames), never a
// request: a Tab moves no simulation and leaves no trace entry. Where Kafka
// ships no completion for its scripts, this is the lab's own help; it does
// not complete file names (kafka-dump-log.sh --files) nor the
// sub-commands of kafka-metadata-quorum.sh, which has no option table.
//
// # Deliberate differences from Kafka's tools
//
//   - An address in --bootstrap-server that names no running lab broker makes
//     Kafka's tools retry until they time out (kafka-topics.sh after 60 s,
//     the console tools for ever). The lab prints the client's connection
//     warning, a line naming the lab's brokers, and, for kafka-topics.sh,
//     the timeout error, and exits 1 at once.
//   - kafka-console-consumer.sh without --partition or --group subscribes
//     with a random group in Kafka (console-consumer-NNNNN); the lab reads
//     every partition of the topic in assign mode instead, partition by
//     partition, and commits nothing. With --group (or group.id) it joins
//     that group as a real member (the lab's KafkaConsumer, auto-commit on
//     unless enable.auto.commit=false), starts from the group's committed
//     offsets (--from-beginning or auto.offset.reset when there are none),
//     and on exit commits and leaves, so a second run resumes where the
//     first stopped. Only a cluster without groups refuses --group.
//   - Kafka's consumer without --timeout-ms waits for records until Ctrl-C;
//     the lab's stops after IdleWaitMs of simulated time without records and
//     prints what Ctrl-C would: "Processed a total of N messages".
//   - Log lines carry the simulated clock as their timestamp, and Java stack
//     traces are cut to their first line.
//   - A --consumer-property or --producer-property that Kafka's client does
//     not know is logged as AbstractConfig.logUnused logs it ("These
//     configurations '[x]' were supplied but are not used yet.") and
//     ignored; that line is INFO, which Kafka's tools-log4j2.yaml (WARN)
//     hides, but the lab shows it.
//   - --help and usage errors print jopt-simple's option table without its
//     trailing blanks; the descriptions of some options are shortened.
//   - Options that read files (--command-config, --producer.config,
//     --consumer.config, --reader-config, --formatter-config), --topic-id,
//     --include, --line-reader and --formatter other than the defaults are
//     refused with a "lab:" message.
//   - Heredoc bodies are never expanded, even when the delimiter is not quoted.
//   - kafka-get-offsets.sh and kafka-leader-election.sh answer at once when a
//     partition has no leader (LEADER_NOT_AVAILABLE), where Kafka's admin
//     client retries until default.api.timeout.ms. --path-to-json-file
//     reads the file where the cluster is a toolsapi.HostFiles (the native
//     kafkalab command) and is refused in the browser's terminal;
//     --payload-file and the other options that read files are refused.
//   - kafka-dump-log.sh has no --transaction-log-decoder,
//     --cluster-metadata-decoder, --remote-log-metadata-decoder or
//     --skip-record-metadata, and no decoders but StringDecoder; it does not
//     report non-consecutive offsets.
//   - The perf tests are bounded so that a browser tab cannot hang: at most
//     MaxPerfRecords records and MaxPerfBytes bytes, and MaxPerfDurationMs
//     of simulated time for a run or a --timeout. --print-metrics prints a
//     lab note instead of Kafka's metrics, and transactions are refused.
//     The consumer's default group is perf-consumer-NNNNN with NNNNN derived
//     from the simulated clock, where Kafka draws it at random; --include is
//     resolved to one topic when the consumer starts; --date-format knows
//     the letters y, M, d, H, m, s and S and formats in UTC. The producer
//     perf test's usage line is laid out at argparse4j's default width of
//     75 columns, and its --help is the lab's layout of the same text.
//
// The package obeys the engine's rule: no clocks, goroutines, global
// randomness or I/O beyond the io.Reader and io.Writer it is given, and no map
// order reaches the output.
package tools
