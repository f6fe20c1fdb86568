package broker

import (
	"fmt"
	"maps"

	"github.com/google/uuid"
	"github.com/kafkalab/kafkalab/engine/log"
	"github.com/kafkalab/kafkalab/engine/metadata"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/replica"
	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/engine/slicesort"
)

// Kafka's defaults for the broker settings in Config
// (ReplicationConfigs.java, KRaftConfigs.java, ServerLogConfigs.java).
const (
	DefaultPort                         = 9092
	DefaultHeartbeatIntervalMs          = 2000    // broker.heartbeat.interval.ms
	DefaultReplicaLagTimeMaxMs          = 30000   // replica.lag.time.max.ms
	DefaultReplicaFetchWaitMaxMs        = 500     // replica.fetch.wait.max.ms
	DefaultReplicaFetchMinBytes         = 1       // replica.fetch.min.bytes
	DefaultReplicaFetchMaxBytes         = 1 << 20 // replica.fetch.max.bytes
	DefaultReplicaFetchResponseMaxBytes = 10 << 20
	DefaultReplicaFetchBackoffMs        = 1000   // replica.fetch.backoff.ms
	DefaultReplicaSocketTimeoutMs       = 30000  // replica.socket.timeout.ms: the replica fetcher's request timeout
	DefaultControllerSocketTimeoutMs    = 30000  // controller.socket.timeout.ms: AlterPartition's request timeout
	DefaultRetentionCheckIntervalMs     = 300000 // log.retention.check.interval.ms
	metadataFetchMaxWaitMs              = 500
)

// A StorageFunc returns the storage for one partition's log on one broker:
// a log.MemStorage, or a log.DirStorage under DIR/broker-<id>/<topic>-<partition>.
type StorageFunc func(broker int32, tp protocol.TopicPartition) (log.Storage, error)

// Config configures a broker. Zero values take Kafka's defaults.
type Config struct {
	ID                       int32
	Host                     string // "broker-<id>"
	Port                     int32
	Controller               sim.NodeID
	Controllers              []sim.NodeID // a controller quorum, if set: the broker follows its active controller (controller_route.go)
	HeartbeatIntervalMs      int64
	ReplicaLagTimeMaxMs      int64
	ReplicaFetchWaitMaxMs    int32
	ReplicaFetchMaxBytes     int32
	ReplicaFetchBackoffMs    int64
	RetentionCheckIntervalMs int64
	// ReplicaSocketTimeoutMs and ControllerSocketTimeoutMs are the request
	// timeouts of the replica fetcher and of AlterPartition (timeouts.go).
	ReplicaSocketTimeoutMs    int64
	ControllerSocketTimeoutMs int64
	Storage                   StorageFunc // nil: a MemStorage per partition
	// FlushIntervalMessages is log.flush.interval.messages: a log is
	// flushed once this many records are unflushed (default: never).
	FlushIntervalMessages int64
	// HWCheckpointIntervalMs is replica.high.watermark.checkpoint.interval.ms
	// (5000); FlushOffsetCheckpointIntervalMs is
	// log.flush.offset.checkpoint.interval.ms (60000), used for the
	// log-start-offset-checkpoint too.
	HWCheckpointIntervalMs          int64
	FlushOffsetCheckpointIntervalMs int64
	// UnsafeTestBugHWIgnoresISR injects replica.Partition's test-only bug
	// (the fault checker's self-test); default off.
	UnsafeTestBugHWIgnoresISR bool
	// TopicDefaults are the static topic config defaults (the controller's
	// too), and StaticConfigs other static broker configs by Kafka name
	// (num.partitions …), both as kafka-configs.sh describes them.
	TopicDefaults metadata.TopicConfig
	StaticConfigs map[string]string
}

func (c *Config) fill() {
	if c.Host == "" {
		c.Host = fmt.Sprintf("broker-%d", c.ID)
	}
	if c.Port == 0 {
		c.Port = DefaultPort
	}
	if c.HeartbeatIntervalMs == 0 {
		c.HeartbeatIntervalMs = DefaultHeartbeatIntervalMs
	}
	if c.ReplicaLagTimeMaxMs == 0 {
		c.ReplicaLagTimeMaxMs = DefaultReplicaLagTimeMaxMs
	}
	if c.ReplicaFetchWaitMaxMs == 0 {
		c.ReplicaFetchWaitMaxMs = DefaultReplicaFetchWaitMaxMs
	}
	if c.ReplicaFetchMaxBytes == 0 {
		c.ReplicaFetchMaxBytes = DefaultReplicaFetchMaxBytes
	}
	if c.ReplicaFetchBackoffMs == 0 {
		c.ReplicaFetchBackoffMs = DefaultReplicaFetchBackoffMs
	}
	if c.ReplicaSocketTimeoutMs == 0 {
		c.ReplicaSocketTimeoutMs = DefaultReplicaSocketTimeoutMs
	}
	if c.ControllerSocketTimeoutMs == 0 {
		c.ControllerSocketTimeoutMs = DefaultControllerSocketTimeoutMs
	}
	if c.RetentionCheckIntervalMs == 0 {
		c.RetentionCheckIntervalMs = DefaultRetentionCheckIntervalMs
	}
	if c.FlushIntervalMessages <= 0 {
		c.FlushIntervalMessages = DefaultFlushIntervalMessages
	}
	if c.HWCheckpointIntervalMs == 0 {
		c.HWCheckpointIntervalMs = DefaultHWCheckpointIntervalMs
	}
	if c.FlushOffsetCheckpointIntervalMs == 0 {
		c.FlushOffsetCheckpointIntervalMs = DefaultFlushOffsetCheckpointIntervalMs
	}
	if c.Storage == nil {
		c.Storage = func(int32, protocol.TopicPartition) (log.Storage, error) { return log.NewMemStorage(), nil }
	}
}

// NodeID returns the simulation node of broker id: "broker-<id>".
func NodeID(id int32) sim.NodeID { return sim.NodeID(fmt.Sprintf("broker-%d", id)) }

// A Broker is one Kafka broker node. It implements sim.Node.
type Broker struct {
	cfg  Config
	node sim.NodeID
	corr int32

	// Registration with the controller.
	epoch       int64     // broker epoch, 0 until registered
	incarnation uuid.UUID // this process's incarnation id, drawn at Start
	fenced      bool      // as the last heartbeat response said
	metaOffset  int64     // next metadata log offset to fetch (= records replayed)
	metaFetchAt int64     // when the metadata fetch in flight was sent
	metaCorr    int32     // its correlation id: an answer to any other is stale
	metaRetry   bool      // refused by a controller that is not active: fetch at the next tick
	regCorr     int32     // the BrokerRegistration in flight
	regSentAt   int64     // and when it was sent
	// heartbeatSoon asks for a heartbeat after the current metadata batch.
	heartbeatSoon  bool
	heartbeatTimer sim.TimerID
	ctrlIdx        int // the controller in Config.Controllers it sends to

	image    image
	replicas map[protocol.TopicPartition]*replica.Partition
	// sorted is replicas' keys in order, kept until a replica is added or
	// removed (nil then): the state hash and the UI's snapshot walk them in
	// order every frame.
	sorted   []protocol.TopicPartition
	fetchers map[int32]*fetcher // by leader broker id

	produces      map[protocol.TopicPartition][]*delayedProduce
	parkedFetches map[protocol.TopicPartition][]*delayedFetch
	alters        map[int32]*alterInFlight // AlterPartition in flight, by correlation id (timeouts.go)
	groups        coordinatorHost          // the group coordinators it hosts (coordinator.go)

	// Process lifecycle (crash.go).
	disk         disk // survives Crash
	crashed      bool // the process is gone; Start boots a new one
	loading      bool // a new process catching up with the metadata log before publishing it
	shuttingDown bool // a controlled shutdown is under way
	shutDown     bool // and has completed
}

// New returns a broker that has not started yet; Start registers it.
func New(cfg Config) *Broker {
	cfg.fill()
	return &Broker{
		cfg:           cfg,
		node:          NodeID(cfg.ID),
		image:         newImage(),
		replicas:      map[protocol.TopicPartition]*replica.Partition{},
		fetchers:      map[int32]*fetcher{},
		produces:      map[protocol.TopicPartition][]*delayedProduce{},
		parkedFetches: map[protocol.TopicPartition][]*delayedFetch{},
		alters:        map[int32]*alterInFlight{},
		disk:          newDisk(),
	}
}

// ID implements sim.Node.
func (b *Broker) ID() sim.NodeID { return b.node }

// BrokerID returns the broker's id.
func (b *Broker) BrokerID() int32 { return b.cfg.ID }

// Config returns the broker's configuration.
func (b *Broker) Config() Config { return b.cfg }

func (b *Broker) nextCorr() int32 { b.corr++; return b.corr }

// Start starts the broker: it registers with the controller, and once
// registered heartbeats and fetches the metadata log. Call it from an input
// with the broker's Env.
//
// Start also restarts a broker after sim.Stop: the kernel cancelled its
// timers and dropped what was sent to it, so everything that waited on them
// is forgotten — held produces and fetches, the fetchers' requests, ISR
// changes in flight — and the broker registers again with a new broker
// epoch. Its logs and metadata image survive, as a process crash keeps the
// page cache; issue 5 models crashes fully (log recovery, the HW checkpoint).
//
// After Crash, Start boots a new process: it registers, replays the whole
// metadata log, and only then opens each partition's log with recovery and
// takes up its role (publish).
func (b *Broker) Start(env *sim.Env) {
	if b.crashed {
		b.crashed, b.loading = false, true
	}
	b.produces = map[protocol.TopicPartition][]*delayedProduce{}
	b.parkedFetches = map[protocol.TopicPartition][]*delayedFetch{}
	b.alters = map[int32]*alterInFlight{}
	for _, f := range b.fetchers {
		f.inFlight, f.backoffTimer = false, 0
	}
	for _, r := range b.replicas {
		r.PendingISR = nil
	}
	b.epoch = 0
	b.incarnation = newIncarnation(env) // every Start boots a new process
	b.sendRegistration(env)
	// The lifecycle tick (the heartbeat timer) runs from the start: until the
	// broker is registered it resends an unanswered registration.
	b.heartbeatTimer = env.After(b.cfg.HeartbeatIntervalMs, timerHeartbeat, nil)
	env.After(b.cfg.ReplicaLagTimeMaxMs/2, timerISRExpiration, nil)
	env.After(b.cfg.RetentionCheckIntervalMs, timerRetention, nil)
}

// Receive implements sim.Node. A crashed broker whose node is up again but
// whose new process has not booted yet (Start) receives nothing: what was
// in flight to the old process died with its connections.
func (b *Broker) Receive(env *sim.Env, m sim.Message) {
	if b.crashed {
		return
	}
	if b.loading && !isResponse(m.Body) {
		// A restarted broker opens its listeners only once it has caught
		// up with the metadata log (BrokerServer.startup waits for the
		// initial catch-up before socketServer.enableRequestProcessing):
		// until then a client's connection is refused, as if the broker
		// were still down, and the client tries another broker. Answering
		// from the empty image would tell clients that topics do not exist.
		return
	}
	switch body := m.Body.(type) {
	case *protocol.ProduceRequest:
		b.handleProduce(env, m.From, body)
	case *protocol.FetchRequest:
		b.handleFetch(env, m.From, body)
	case *protocol.FetchResponse:
		b.handleFetcherResponse(env, m.From, body)
	case *protocol.ListOffsetsRequest:
		b.handleListOffsets(env, m.From, body)
	case *protocol.MetadataRequest:
		b.handleMetadata(env, m.From, body)
	case *protocol.DescribeConfigsRequest:
		b.handleDescribeConfigs(env, m.From, body)
	case *protocol.DescribeResourceConfigsRequest:
		b.handleDescribeResourceConfigs(env, m.From, body)
	case *protocol.BrokerRegistrationResponse:
		b.handleRegistrationResponse(env, body)
	case *protocol.BrokerHeartbeatResponse:
		b.handleHeartbeatResponse(env, body)
	case *protocol.MetadataFetchResponse:
		b.handleMetadataFetchResponse(env, body)
	case *protocol.AlterPartitionResponse:
		b.handleAlterPartitionResponse(env, body)
	default:
		b.handleGroupMessage(env, m)
	}
}

// isResponse reports whether body answers one of the broker's own requests
// (to the controller, or a leader it fetches from).
func isResponse(body any) bool {
	switch body.(type) {
	case *protocol.FetchResponse, *protocol.BrokerRegistrationResponse, *protocol.BrokerHeartbeatResponse,
		*protocol.MetadataFetchResponse, *protocol.AlterPartitionResponse, *protocol.CreateTopicsResponse:
		return true
	}
	return false
}

// Timer implements sim.Node.
func (b *Broker) Timer(env *sim.Env, t sim.TimerEvent) {
	if b.crashed {
		return
	}
	switch t.Kind {
	case timerHeartbeat:
		b.heartbeatTimer = 0
		b.maybeCheckpoint(env.Now())
		// Requests lost on the network (a cut link, a crashed peer) time out
		// and are sent again (timeouts.go).
		b.expireRequests(env)
		if b.epoch == 0 {
			b.heartbeatTimer = env.After(b.cfg.HeartbeatIntervalMs, timerHeartbeat, nil)
			return
		}
		b.sendHeartbeat(env)
	case timerISRExpiration:
		b.maybeShrinkISRs(env)
		env.After(b.cfg.ReplicaLagTimeMaxMs/2, timerISRExpiration, nil)
	case timerRetention:
		b.applyRetention(env)
		env.After(b.cfg.RetentionCheckIntervalMs, timerRetention, nil)
	case timerProduceTimeout:
		b.expireProduce(env, t.Data.(*delayedProduce))
	case timerFetchWait:
		b.expireFetch(env, t.Data.(*delayedFetch))
	case timerFetcherBackoff:
		f := t.Data.(*fetcher)
		f.backoffTimer = 0
		b.sendFetch(env, f)
	default:
		b.handleGroupTimer(env, t)
	}
}

// sortedReplicas returns the replicas' partitions in order. The slice is
// shared until the set changes: read it, do not change it.
func (b *Broker) sortedReplicas() []protocol.TopicPartition {
	if b.sorted == nil && len(b.replicas) > 0 {
		b.sorted = slicesort.SortedFunc(maps.Keys(b.replicas), protocol.TopicPartition.Compare)
	}
	return b.sorted
}

// eligible reports whether broker id may join an ISR: registered and unfenced
// in this broker's metadata image.
func (b *Broker) eligible(id int32) bool {
	info, ok := b.image.brokers[id]
	return ok && !info.fenced
}

// AppendState implements sim.Node.
func (b *Broker) AppendState(w *sim.StateWriter) {
	w.Int(b.epoch)
	w.Bool(b.fenced)
	w.Int(b.metaOffset)
	if b.crashed || b.loading || b.shuttingDown {
		w.String("lifecycle")
		w.Bool(b.crashed)
		w.Bool(b.loading)
		w.Bool(b.shuttingDown)
		w.Bool(b.shutDown)
	}
	for _, tp := range b.sortedReplicas() {
		r := b.replicas[tp]
		w.String(tp.Topic)
		w.Int(int64(tp.Partition))
		w.Int(r.LEO())
		w.Int(r.HW)
		w.Int(r.Log.StartOffset())
		w.Int(int64(r.Leader))
		w.Int(int64(r.LeaderEpoch))
		w.Int(int64(r.PartitionEpoch))
		w.Int(int64(len(r.ISR)))
		for _, id := range r.ISR {
			w.Int(int64(id))
		}
		w.Int(int64(len(r.PendingISR)))
		for _, f := range r.Followers {
			w.Int(f.LEO)
			w.Int(f.LastCaughtUpTimeMs)
		}
		w.Int(int64(len(b.produces[tp])))
		w.Int(int64(len(b.parkedFetches[tp])))
	}
}
