package tools

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/kafkalab/kafkalab/engine/tools/toolsapi"
)

func init() {
	kafkaTools["kafka-metadata-quorum"] = KafkaMetadataQuorum
	delete(notYet, "kafka-metadata-quorum")
}

// QuorumDescription and QuorumReplica are toolsapi's.
type (
	QuorumDescription = toolsapi.QuorumDescription
	QuorumReplica     = toolsapi.QuorumReplica
)

const metadataQuorumUsage = "usage: kafka-metadata-quorum [-h] (--bootstrap-server BOOTSTRAP_SERVER | --bootstrap-controller BOOTSTRAP_CONTROLLER)\n" +
	"                             [--command-config COMMAND_CONFIG] {describe,add-controller,remove-controller} ..."

// KafkaMetadataQuorum is kafka-metadata-quorum.sh (MetadataQuorumCommand,
// Kafka 4.1): describe --status prints the quorum's leader, epoch, high
// watermark, the largest follower lag and the voters and observers;
// describe --replication prints one row per replica. It asks the active
// controller (DescribeQuorum), so during an election it fails.
//
// Deviations: the lab's argument parsing reproduces argparse4j's messages
// for the common mistakes only; add-controller and remove-controller
// (dynamic quorums, KIP-853) are not implemented; directory ids are not
// modelled, so none is printed (as for a static quorum's voters) and the
// replication table shows the zero Uuid; timestamps are simulated ms.
func KafkaMetadataQuorum(c Cluster, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fail := func(msg string) int {
		fmt.Fprintln(stderr, metadataQuorumUsage)
		fmt.Fprintln(stderr, "kafka-metadata-quorum: error: "+msg)
		return 1
	}
	var (
		bootstrap, command                 string
		status, replication, humanReadable bool
	)
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch a {
		case "-h", "--help":
			fmt.Fprintln(stdout, metadataQuorumUsage)
			fmt.Fprintln(stdout, "\nThis tool describes kraft metadata quorum status.")
			return 0
		case "--bootstrap-server", "--bootstrap-controller", "--command-config":
			if i+1 >= len(args) {
				return fail("argument " + a + ": expected one argument")
			}
			if a != "--command-config" {
				if bootstrap != "" && bootstrap != a {
					return fail("argument " + a + ": not allowed with argument " + bootstrap)
				}
				bootstrap = a
			}
			i++
		case "describe", "add-controller", "remove-controller":
			if command != "" {
				return fail("unrecognized arguments: '" + a + "'")
			}
			command = a
		case "--status":
			status = true
		case "--replication":
			replication = true
		case "--human-readable":
			humanReadable = true
		default:
			return fail("unrecognized arguments: '" + a + "'")
		}
	}
	if bootstrap == "" {
		return fail("one of the arguments --bootstrap-server --bootstrap-controller is required")
	}
	if command == "" {
		return fail("too few arguments")
	}
	if command != "describe" {
		fmt.Fprintf(stderr, "%s: adding and removing controllers (KIP-853) is not implemented in the lab\n", command)
		return 1
	}
	switch {
	case status && replication:
		fmt.Fprintln(stderr, "Only one of --status or --replication should be specified with describe sub-command")
		return 1
	case status && humanReadable:
		fmt.Fprintln(stderr, "The option --human-readable is only supported along with --replication")
		return 1
	case !status && !replication:
		fmt.Fprintln(stderr, "One of --status or --replication must be specified with describe sub-command")
		return 1
	}
	qc, ok := c.(QuorumCluster)
	if !ok {
		fmt.Fprintln(stderr, "kafka-metadata-quorum: this cluster has no metadata quorum")
		return 1
	}
	d, err := qc.DescribeQuorum()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if status {
		printQuorumStatus(stdout, d)
	} else {
		printQuorumReplication(stdout, d, humanReadable)
	}
	return 0
}

// leaderAndMaxLag returns the leader's replica and the voter with the
// smallest log end offset (handleDescribeStatus).
func leaderAndMaxLag(d QuorumDescription) (leader, maxLag QuorumReplica) {
	for i, v := range d.Voters {
		if v.ID == d.LeaderID {
			leader = v
		}
		if i == 0 || v.LogEndOffset < maxLag.LogEndOffset {
			maxLag = v
		}
	}
	return leader, maxLag
}

func printQuorumStatus(w io.Writer, d QuorumDescription) {
	leader, maxLag := leaderAndMaxLag(d)
	lagTime := int64(-1)
	switch {
	case maxLag.ID == leader.ID:
		lagTime = 0
	case leader.LastCaughtUpMs >= 0 && maxLag.LastCaughtUpMs >= 0:
		lagTime = leader.LastCaughtUpMs - maxLag.LastCaughtUpMs
	}
	fmt.Fprintf(w, "ClusterId:              %s\n", d.ClusterID)
	fmt.Fprintf(w, "LeaderId:               %d\n", d.LeaderID)
	fmt.Fprintf(w, "LeaderEpoch:            %d\n", d.LeaderEpoch)
	fmt.Fprintf(w, "HighWatermark:          %d\n", d.HighWatermark)
	fmt.Fprintf(w, "MaxFollowerLag:         %d\n", leader.LogEndOffset-maxLag.LogEndOffset)
	fmt.Fprintf(w, "MaxFollowerLagTimeMs:   %d\n", lagTime)
	fmt.Fprintf(w, "CurrentVoters:          %s\n", quorumReplicas(d.Voters, true))
	fmt.Fprintf(w, "CurrentObservers:       %s\n", quorumReplicas(d.Observers, false))
}

// quorumReplicas formats replicas as MetadataQuorumCommand's Node records:
// the id, and for voters their CONTROLLER endpoint.
func quorumReplicas(rs []QuorumReplica, endpoints bool) string {
	var parts []string
	for _, r := range rs {
		s := `{"id": ` + strconv.Itoa(int(r.ID))
		if endpoints {
			s += fmt.Sprintf(`, "endpoints": ["CONTROLLER://%s:%d"]`, r.Host, r.Port)
		}
		parts = append(parts, s+"}")
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// zeroUUID is Uuid.ZERO_UUID as Kafka prints it.
const zeroUUID = "AAAAAAAAAAAAAAAAAAAAAA"

func printQuorumReplication(w io.Writer, d QuorumDescription, humanReadable bool) {
	leader, _ := leaderAndMaxLag(d)
	ts := func(ms int64) string {
		switch {
		case ms < 0:
			return "-1"
		case humanReadable:
			return fmt.Sprintf("%d ms ago", d.NowMs-ms)
		}
		return strconv.FormatInt(ms, 10)
	}
	rows := [][]string{{"NodeId", "DirectoryId", "LogEndOffset", "Lag", "LastFetchTimestamp", "LastCaughtUpTimestamp", "Status"}}
	add := func(r QuorumReplica, status string) {
		rows = append(rows, []string{strconv.Itoa(int(r.ID)), zeroUUID, strconv.FormatInt(r.LogEndOffset, 10),
			strconv.FormatInt(leader.LogEndOffset-r.LogEndOffset, 10), ts(r.LastFetchMs), ts(r.LastCaughtUpMs), status})
	}
	add(leader, "Leader")
	for _, v := range d.Voters {
		if v.ID != d.LeaderID {
			add(v, "Follower")
		}
	}
	for _, o := range d.Observers {
		add(o, "Observer")
	}
	// ToolsUtils.prettyPrintTable: each cell padded to its column's width,
	// then a tab.
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, cell := range row {
			widths[i] = max(widths[i], len(cell))
		}
	}
	for _, row := range rows {
		var b strings.Builder
		for i, cell := range row {
			b.WriteString(cell)
			b.WriteString(strings.Repeat(" ", widths[i]-len(cell)))
			b.WriteByte('\t')
		}
		fmt.Fprintln(w, b.String())
	}
}
