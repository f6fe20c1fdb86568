// Package cluster wires the lab's simulated Kafka cluster: one KRaft
// controller (engine/controller), or with Config.Controllers a quorum of 3
// or 5 (controller-1 …, node ids 3000 …; quorum.go), 1 to 12 brokers
// numbered from 1
// (engine/broker), and client nodes created on demand — producer-1
// (engine/producer), consumer-1 and admin-1 — all nodes of one deterministic
// simulation (engine/sim). It implements toolsapi.Cluster, the contract Kafka's
// command-line tools are written against, and the lab commands' optional
// interfaces (toolsapi.TraceSource, BrokerControl, LinkControl, LeaderControl).
//
// # Using it
//
//	c, err := cluster.New(cluster.Config{Seed: 42, Brokers: 3})
//	err = c.Start() // brokers register, replay the metadata log, are unfenced
//	_, err = c.CreateTopic(toolsapi.CreateTopic{Name: "order_events", Partitions: 3, ReplicationFactor: 3})
//	reports, err := c.Produce(toolsapi.ProduceSpec{Topic: "order_events", Records: recs})
//	trace, err := c.RunUntilIdle()
//	state := c.Snapshot() // brokers, replicas (LEO, HW, ISR, epochs, lag), controller
//
// Every call sends real requests from a client node through the simulated
// network and runs the simulation until the answer arrives or the client's
// timeout passes in simulated time (and at most Config.MaxSteps events), so
// the calls appear in the trace and advance the clock. Errors are Kafka's,
// from engine/kerr.
//
// # What the calls do, and where they differ from Kafka's tools
//
//   - CreateTopic, DeleteTopic and CreatePartitions go from admin-1 straight
//     to the controller (as --bootstrap-controller does), and then wait until
//     every broker that is up has replayed the change, so the next call sees
//     it; Kafka's tool returns when the controller answers.
//   - ListTopics and DescribeTopics ask the lowest-numbered broker that is up
//     (Metadata, DescribeConfigs): they show that broker's metadata image.
//   - Produce restarts producer-1 with the spec's properties, as a new
//     kafka-console-producer.sh process would, flushes when the records run
//     out (the tool's producer.close() at the end of its input; with --sync
//     every record waits linger.ms), and runs until every record has its
//     delivery report.
//   - AppProduce (the app-produce lab command) sends with app-producer, a
//     long-lived producer with Kafka's defaults that keeps its metadata
//     between calls, as an application's producer does: after a leader move
//     it meets NOT_LEADER_OR_FOLLOWER, refreshes and retries.
//   - Fetch is an assign-mode consumer without a group: Metadata, ListOffsets
//     for Earliest/Latest, then Fetch (ReplicaID -1) to each leader in turn,
//     up to the high watermark; consumer groups are the next issue.
//   - Fetch reads around a partition without a leader: its offset is looked
//     up again after each metadata refresh while the others are read.
//   - DescribeConfigs and AlterConfigs (kafka-configs.sh, configs.go):
//     DescribeConfigs with synonyms to a broker (the named broker for a broker
//     resource), IncrementalAlterConfigs from admin-1 to the controller, then
//     a wait until every broker that is up has replayed the ConfigRecords and
//     applied them to its logs and replicas.
//   - StartRateProducer (the producer lab command, rate_producer.go) adds a
//     client node that is a KafkaProducer plus a simulated timer sending
//     record i at floor(i·1000/rate) ms after its start; StopRateProducer
//     flushes it as close() does.
//   - RunUntilIdle stops when only periodic work remains: heartbeats, the
//     metadata long poll and parked follower fetches never stop, as in Kafka
//     (nor does a running rate producer's timer). It waits for brokers that
//     are up to be registered, unfenced and back in their ISRs.
//   - StopBroker is CrashBroker: the process is killed, its memory (metadata
//     image, leaderships, ISRs, HWs) is gone and only its logs and
//     checkpoints stay; the controller fences it after
//     broker.session.timeout.ms. StartBroker boots a new process that
//     recovers its logs and refuses requests until it has replayed the
//     metadata log (see control.go).
//   - With a controller quorum, admin-1 sends to the controller it last
//     found active and follows NOT_CONTROLLER answers or moves on after a
//     timeout (callController), for up to default.api.timeout.ms; brokers do
//     the same (engine/broker's controller_route.go). CrashController and
//     RestartController kill and boot a controller node; Quorum returns
//     every controller's role, epoch, leader, end offset and high watermark
//     for a view of the quorum; DescribeQuorum answers
//     kafka-metadata-quorum.sh. CheckInvariants then also runs a
//     QuorumChecker: one leader per epoch, a committed prefix that never
//     changes, images equal to the replay of the log, brokers never past the
//     committed offset.
//   - ForceLeader (MoveLeader) is a controller-side input that moves a
//     partition's leadership to another ISR member, to make clients'
//     metadata stale in tests and lessons.
//   - ElectLeaders (kafka-leader-election.sh) sends one ElectLeaders from
//     admin-1 to the controller; for all partitions it lists them from a
//     broker's Metadata and drops the ELECTION_NOT_NEEDED results, as
//     Kafka's controller does for a request without partitions.
//   - LogPartitionDirs, LogFiles and ReadLogFile (kafka-dump-log.sh, ls)
//     read a broker's disk directly, without a request: it outlives the
//     broker's process, as files do.
//   - ProducePerf and ConsumePerf run the perf tests' clients, perf-producer
//     and perf-consumer, in simulated time: sends at the times the tool asks
//     for, each record's completion timed by the event that settled it; a
//     group member that stops polling once it has the records asked for.
//
// With Config.DataDir each broker keeps its logs as Kafka's files under
// DataDir/broker-<id>/<topic>-<partition>/; otherwise in memory. The
// WebAssembly build keeps logs in memory only: a partition created with a
// DataDir fails with errNoDataDir (the browser has no directories, and the
// file code would only grow the download).
//
// # Determinism
//
// The cluster adds no randomness of its own: everything comes from the seed
// through the simulation's named streams (placement, partitioner picks, ids,
// segment jitter). Same seed and same calls give the same trace and the same
// state hash after every step, natively and in WebAssembly; TestSameSeedSameRun
// checks it. The property test (TestReplicationProperties) prints its seeds
// and replays one with -seed=N.
//
// # Cost
//
// See BENCHMARKS.md ("engine/cluster"): the simulated produce → replicate →
// high watermark path with acks=all and RF 3, the cost of a step and of the
// state hash, scaling with brokers and partitions, and franz-go's kfake
// measured beside it.
package cluster
