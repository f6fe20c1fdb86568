package web

// The storage tab's view models: one replica's log as segments, one
// segment file as fields and hex, and an offset lookup step by step.

// A StorageVM is the storage tab.
type StorageVM struct {
	Partitions []StorePartVM // every partition, to choose from
	Topic      string
	Partition  int
	Brokers    []StoreBrokerVM // the chosen partition's replicas
	Broker     int
	Segments   []SegmentVM
	Inspector  *InspectorVM // the chosen segment's chosen file
	Lookup     LookupVM
	Empty      Msg // why there is nothing to show
}

// A StorePartVM is one partition in the chooser.
type StorePartVM struct {
	Topic     string
	Partition int
	Selected  bool
}

// A StoreBrokerVM is one replica in the chooser.
type StoreBrokerVM struct {
	ID       int
	Leader   bool
	Selected bool
}

// A SegmentVM is one segment of the replica's log.
type SegmentVM struct {
	Base        int64
	Range       string // "0–11" or "empty"
	LogBytes    int
	IndexSlots  int
	TimeSlots   int
	Active      bool // the last segment, which receives appends
	Selected    bool
	Lit         bool // the lookup's current step compares this segment
	Chosen      bool // the lookup chose it
	LogName     string
	Batches     int
	FirstOffset int64
}

// An InspectorVM is one segment file as a table of fields and as hex.
type InspectorVM struct {
	File     string // "log", "index" or "timeindex"
	Name     string // 00000000000000000000.log
	Size     int
	Rows     []FieldRowVM
	Hex      []HexLineVM
	Empty    Msg
	LitFrom  int // byte range the lookup's current step reads, or -1
	LitLen   int
	Segment  int64
	Download bool
}

// A FieldRowVM is one row of the inspector's table: a heading (a batch or a
// record) or a field with its byte range.
type FieldRowVM struct {
	Heading bool
	Head    Msg // a heading's text (entry, batch, record), in the page's language
	Name    string
	Value   string
	From    int
	Len     int
	Lit     bool
	Bad     bool
}

// A HexLineVM is one line (8 bytes) of the file.
type HexLineVM struct {
	Addr  string
	Bytes []HexByteVM
}

// A HexByteVM is one byte.
type HexByteVM struct {
	I   int
	Hex string
	Lit bool
}

// A LookupVM is an offset lookup, step by step.
type LookupVM struct {
	Target  int64
	Active  bool // a lookup is shown
	Steps   []LookupStepVM
	Current int // index into Steps
	Answer  Msg
	Error   string
	Default int64 // a suggested target
}

// A LookupStepVM is one step of the lookup.
type LookupStepVM struct {
	Phase   string // "segments", "index", "scan"
	Text    Msg
	Done    bool
	Current bool
}
