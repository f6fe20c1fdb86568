package tools

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/kafkalab/kafkalab/engine/kerr"
)

// fakeGroups is a fakeCluster with canned groups: a GroupCluster whose
// descriptions the test sets, to check kafka-consumer-groups.sh's formats
// for states and shapes the real cluster reaches only briefly.
type fakeGroups struct {
	*fakeCluster
	groups    map[string]GroupDescription
	committed map[string][]PartitionOffset
	deleted   []string
}

func newFakeGroups() *fakeGroups {
	return &fakeGroups{fakeCluster: newFakeCluster(3), groups: map[string]GroupDescription{}, committed: map[string][]PartitionOffset{}}
}

func (f *fakeGroups) StartConsumer(ConsumerSpec) error { return nil }
func (f *fakeGroups) StopConsumer(string) error        { return nil }
func (f *fakeGroups) CrashConsumer(string) error       { return nil }
func (f *fakeGroups) Consumers() []ConsumerInfo        { return nil }
func (f *fakeGroups) GroupFetch(FetchSpec, string) ([]ConsumedRecord, error) {
	return nil, nil
}

func (f *fakeGroups) ListGroups() ([]GroupListing, error) {
	var out []GroupListing
	for id, d := range f.groups {
		out = append(out, GroupListing{ID: id, ProtocolType: "consumer", State: d.State})
	}
	slices.SortFunc(out, func(a, b GroupListing) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

func (f *fakeGroups) DescribeGroup(id string) (GroupDescription, error) {
	if d, ok := f.groups[id]; ok {
		return d, nil
	}
	return GroupDescription{ID: id, State: "Dead"}, kerr.Wrap(kerr.GroupIDNotFound, "Group %s not found.", id)
}

func (f *fakeGroups) CommitOffsets(group string, offsets []PartitionOffset) error {
	f.committed[group] = append(f.committed[group], offsets...)
	return nil
}

func (f *fakeGroups) DeleteGroup(id string) error {
	d, ok := f.groups[id]
	switch {
	case !ok:
		return kerr.Wrap(kerr.GroupIDNotFound, "group %s does not exist", id)
	case d.State != "Empty":
		return kerr.Wrap(kerr.NonEmptyGroup, "group %s has members", id)
	}
	delete(f.groups, id)
	f.deleted = append(f.deleted, id)
	return nil
}

func runGroupsTool(c Cluster, args ...string) (stdout, stderr string, code int) {
	var out, errw bytes.Buffer
	code = KafkaConsumerGroups(c, args, strings.NewReader(""), &out, &errw)
	return out.String(), errw.String(), code
}

// TestConsumerGroupsUsageErrors checks ConsumerGroupCommandOptions.checkArgs
// and main's action check: the first line of the usage error, exit 1.
func TestConsumerGroupsUsageErrors(t *testing.T) {
	bs := []string{"--bootstrap-server", "localhost:9092"}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--list"}, `Missing required argument "[bootstrap-server]"`},
		{append(bs, "--describe"), "Option [describe] takes one of these options: [all-groups], [group]"},
		{append(bs, "--describe", "--group", "g", "--members", "--state"), "Option [describe] takes at most one of these options: [members], [offsets], [state]"},
		{append(bs, "--describe", "--group", "g", "--state", "stable"), "Option [describe] does not take a value for [state]"},
		{append(bs, "--delete"), "Option [delete] takes one of these options: [all-groups], [group]"},
		{append(bs, "--delete", "--group", "g", "--topic", "t"), "The consumer does not support topic-specific offset deletion from a consumer group."},
		{append(bs, "--reset-offsets", "--group", "g", "--to-earliest", "--dry-run", "--execute"), "Option [reset-offsets] only accepts one of [execute] and [dry-run]"},
		{append(bs, "--reset-offsets", "--topic", "t", "--to-earliest", "--dry-run"), "Option [reset-offsets] takes one of these options: [all-groups], [group]"},
		{append(bs, "--reset-offsets", "--group", "g", "--topic", "t", "--to-earliest", "--to-latest", "--dry-run"), `Option "[to-earliest]" can't be used with option "[to-latest]"`},
		{append(bs, "--describe", "--group", "g", "--all-groups"), `Option "[group]" can't be used with option "[all-groups]"`},
		{append(bs, "--list", "--group", "g"), `Option "[group]" can't be used with option "[list]"`},
		{append(bs, "--describe", "--group", "g", "--topic", "t"), `Option "[topic]" can't be used with option "[describe]"`},
		{append(bs, "--group", "g"), "Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets, --validate-regex"},
		{append(bs, "--delete", "--describe", "--group", "g"), "Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets, --validate-regex"},
		{append(bs, "--list", "--members"), "Option(s) [members] are unavailable given other options on the command line"},
		{append(bs, "--delete", "--group", "g", "--state"), "Option(s) [state] are unavailable given other options on the command line"},
		{append(bs, "--list", "--state", "bogus"), "Invalid state list 'bogus'. Valid states are: PreparingRebalance, CompletingRebalance, Stable, Dead, Empty, Assigning, Reconciling"},
		{append(bs, "--reset-offsets", "--group", "g", "--to-earliest", "--dry-run"), "One of the reset scopes should be defined: --all-topics, --topic."},
		{append(bs, "--reset-offsets", "--group", "g", "--topic", "t", "--dry-run"), "Option '[reset-offsets]' requires one of the following scenarios: [[to-offset], [shift-by], [to-datetime], [by-duration], [to-earliest], [to-latest], [to-current], [from-file]]"},
		{append(bs, "--reset-offsets", "--group", "g", "--topic", "t:x", "--to-earliest", "--dry-run"), "Invalid partition 'x' specified in topic arg 't:x''"},
		{append(bs, "--reset-offsets", "--group", "g", "--topic", "t:0:1", "--to-earliest", "--dry-run"), "Invalid topic arg 't:0:1', expected topic name and partitions"},
		{append(bs, "--reset-offsets", "--group", "g", "--topic", "t:0", "--to-offset", "x", "--dry-run"), "Cannot parse argument 'x' of option to-offset"},
		{append(bs, "--bogus"), "bogus is not a recognized option"},
	} {
		c := newFakeGroups()
		c.CreateTopic(CreateTopic{Name: "t", Partitions: 1, ReplicationFactor: 1})
		_, stderr, code := runGroupsTool(c, tc.args...)
		first, _, _ := strings.Cut(stderr, "\n")
		if strings.HasPrefix(first, "WARN: No action") {
			stderr = stderr[len(first)+1:]
			first, _, _ = strings.Cut(stderr, "\n")
		}
		if code != 1 || first != tc.want {
			t.Errorf("%v: exit %d, first line %q; want exit 1, %q", tc.args, code, first, tc.want)
		}
		if !strings.Contains(stderr, "--bootstrap-server <String: server to") {
			t.Errorf("%v: no option table in\n%s", tc.args, stderr)
		}
	}
}

// TestConsumerGroupsDescribeShapes checks printOffsets and printMembers on
// shapes the real cluster rarely holds still: members sorted by how many
// partitions they own, a member without partitions left out of the offsets
// view, committed partitions no member owns, columns widened by long
// values, and the rebalancing warning.
func TestConsumerGroupsDescribeShapes(t *testing.T) {
	c := newFakeGroups()
	long := "a-rather-long-group-name"
	c.groups[long] = GroupDescription{
		ID: long, State: "PreparingRebalance", Protocol: "",
		Coordinator: BrokerInfo{ID: 2, Host: "broker-2"},
		Members: []GroupMember{
			{MemberID: "m-small", ClientID: "c-small", Host: "/h1", Assignment: []PartitionOffset{{Topic: "payments-eu-west", Partition: 0}}},
			{MemberID: "m-idle", ClientID: "c-idle", Host: "/h2"},
			{MemberID: "m-big", ClientID: "c-big", Host: "/h3", Assignment: []PartitionOffset{{Topic: "payments-eu-west", Partition: 2}, {Topic: "orders", Partition: 1}}},
		},
		Offsets: []GroupOffset{
			{Topic: "orders", Partition: 0, Committed: 5, LogEnd: 9, Lag: 4},
			{Topic: "orders", Partition: 1, Committed: -1, LogEnd: 3, Lag: -1},
			{Topic: "payments-eu-west", Partition: 0, Committed: 7, LogEnd: 7, Lag: 0},
			{Topic: "payments-eu-west", Partition: 2, Committed: 1, LogEnd: 2, Lag: 1},
		},
	}
	stdout, stderr, code := runGroupsTool(c, "--bootstrap-server", "localhost:9092", "--describe", "--group", long)
	want := `
GROUP                    TOPIC            PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID
a-rather-long-group-name orders           1          -               3               -               m-big           /h3             c-big
a-rather-long-group-name payments-eu-west 2          1               2               1               m-big           /h3             c-big
a-rather-long-group-name payments-eu-west 0          7               7               0               m-small         /h1             c-small
a-rather-long-group-name orders           0          5               9               4               -               -               -
`
	if code != 0 || stdout != want || stderr != "\nWarning: Consumer group '"+long+"' is rebalancing.\n" {
		t.Errorf("exit %d\nstdout:\n%s\nwant:\n%s\nstderr:\n%q", code, stdout, want, stderr)
	}
	stdout, _, _ = runGroupsTool(c, "--bootstrap-server", "localhost:9092", "--describe", "--group", long, "--members", "--verbose")
	want = `
GROUP                    CONSUMER-ID     HOST            CLIENT-ID       #PARTITIONS     CURRENT-EPOCH   CURRENT-ASSIGNMENT          TARGET-EPOCH    TARGET-ASSIGNMENT   
a-rather-long-group-name m-small         /h1             c-small         1               -               payments-eu-west:0          -               -                   
a-rather-long-group-name m-idle          /h2             c-idle          0               -               -                           -               -                   
a-rather-long-group-name m-big           /h3             c-big           2               -               orders:1;payments-eu-west:2 -               -                   
`
	if stdout != want {
		t.Errorf("--members --verbose:\n%s\nwant:\n%s", stdout, want)
	}
	stdout, _, _ = runGroupsTool(c, "--bootstrap-server", "localhost:9092", "--describe", "--group", long, "--state")
	want = `
GROUP                    COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE                #MEMBERS
a-rather-long-group-name broker-2:9093  (2)        -                    PreparingRebalance   3
`
	if stdout != want {
		t.Errorf("--state:\n%s\nwant:\n%s", stdout, want)
	}
	// An Empty group without committed offsets prints nothing but the
	// notice; a Dead one is "not found" and stops the command.
	c.groups["empty"] = GroupDescription{ID: "empty", State: "Empty"}
	stdout, stderr, code = runGroupsTool(c, "--bootstrap-server", "localhost:9092", "--describe", "--group", "empty")
	if code != 0 || stdout != "" || stderr != "\nConsumer group 'empty' has no active members.\n" {
		t.Errorf("empty group: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	stdout, _, code = runGroupsTool(c, "--bootstrap-server", "localhost:9092", "--describe", "--group", "empty", "--group", "gone")
	if code != 0 || stdout != "\nError: Executing consumer group command failed due to org.apache.kafka.common.errors.GroupIdNotFoundException: Group gone not found.\n" {
		t.Errorf("unknown group: exit %d, stdout %q", code, stdout)
	}
	// --list --state pads the group column to the longest id + 10.
	stdout, _, _ = runGroupsTool(c, "--bootstrap-server", "localhost:9092", "--list", "--state", "preparingrebalance")
	want = "GROUP                              STATE               \na-rather-long-group-name           PreparingRebalance  \n"
	if stdout != want {
		t.Errorf("--list --state:\n%q\nwant:\n%q", stdout, want)
	}
}

// TestConsumerGroupsDeleteMixed checks the report of a delete where some
// groups go and some cannot.
func TestConsumerGroupsDeleteMixed(t *testing.T) {
	c := newFakeGroups()
	c.groups["a"] = GroupDescription{ID: "a", State: "Empty"}
	c.groups["b"] = GroupDescription{ID: "b", State: "Stable"}
	stdout, _, code := runGroupsTool(c, "--bootstrap-server", "localhost:9092", "--delete", "--group", "a", "--group", "b", "--group", "c")
	want := `
Error: Deletion of some consumer groups failed:
* Group 'b' could not be deleted due to: org.apache.kafka.common.errors.GroupNotEmptyException: The group is not empty.
* Group 'c' could not be deleted due to: org.apache.kafka.common.errors.GroupIdNotFoundException: The group id does not exist.

These consumer groups were deleted successfully: 'a'
`
	if code != 0 || stdout != want {
		t.Errorf("exit %d\n%s\nwant:\n%s", code, stdout, want)
	}
	stdout, _, _ = runGroupsTool(c, "--bootstrap-server", "localhost:9092", "--delete", "--all-groups")
	if stdout != "\nError: Deletion of some consumer groups failed:\n* Group 'b' could not be deleted due to: org.apache.kafka.common.errors.GroupNotEmptyException: The group is not empty.\n" {
		t.Errorf("--all-groups: %q", stdout)
	}
}

// TestConsumerGroupsResetRules checks that only --execute commits and that
// an active group is refused with an empty table.
func TestConsumerGroupsResetRules(t *testing.T) {
	c := newFakeGroups()
	c.CreateTopic(CreateTopic{Name: "t", Partitions: 2, ReplicationFactor: 1})
	c.groups["live"] = GroupDescription{ID: "live", State: "CompletingRebalance"}
	for _, mode := range []string{"--dry-run", ""} {
		args := []string{"--bootstrap-server", "localhost:9092", "--reset-offsets", "--group", "idle", "--topic", "t", "--to-latest"}
		if mode != "" {
			args = append(args, mode)
		}
		stdout, stderr, code := runGroupsTool(c, args...)
		if code != 0 || len(c.committed) != 0 || !strings.Contains(stdout, "idle            t               1          0") {
			t.Errorf("%q: exit %d, committed %v, stdout %q", mode, code, c.committed, stdout)
		}
		if hasWarn := strings.HasPrefix(stderr, "WARN: No action will be performed"); hasWarn != (mode == "") {
			t.Errorf("%q: stderr %q", mode, stderr)
		}
	}
	stdout, _, _ := runGroupsTool(c, "--bootstrap-server", "localhost:9092", "--reset-offsets", "--group", "idle", "--topic", "t", "--to-latest", "--execute")
	if len(c.committed["idle"]) != 2 {
		t.Errorf("--execute committed %v; stdout %q", c.committed, stdout)
	}
	stdout, _, _ = runGroupsTool(c, "--bootstrap-server", "localhost:9092", "--reset-offsets", "--group", "live", "--topic", "t", "--to-latest", "--execute")
	want := "\nError: Assignments can only be reset if the group 'live' is inactive, but the current state is CompletingRebalance.\n\nGROUP           TOPIC           PARTITION  NEW-OFFSET\n"
	if stdout != want || len(c.committed["live"]) != 0 {
		t.Errorf("active group:\n%q\nwant:\n%q", stdout, want)
	}
}
