package web

// Components called from other components go through these variables. A
// templ component is a function returning a closure; when the compiler
// inlines it into its caller, the closure's code (tens of KB for the
// cluster picture) is compiled again inside the caller. A call through a
// variable is never inlined, which keeps one copy in the wasm (its budget
// is in BENCHMARKS.md).
var (
	clusterDiagramC = ClusterDiagram
	storageViewC    = StorageView
	groupsViewC     = GroupsView
	liveDetailsC    = LiveDetails
	groupStatesC    = groupStates
	inspectorC      = Inspector
	brokerActionsC  = brokerActions
	lookupC         = Lookup
	viewTabsC       = ViewTabs
	brokerCardC     = BrokerCard
)
