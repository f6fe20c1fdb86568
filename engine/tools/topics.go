package tools

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/kafkalab/kafkalab/engine/javaregex"
	"github.com/kafkalab/kafkalab/engine/kerr"
	"github.com/kafkalab/kafkalab/engine/slicesort"
)

// topicsOptions are kafka-topics.sh's options (TopicCommandOptions).
var topicsOptions = []option{
	{name: "bootstrap-server", argName: "server to connect to", help: "REQUIRED: The Kafka server to connect to."},
	{name: "command-config", argName: "command config property file", help: "Property file containing configs to be passed to Admin Client."},
	{name: "list", help: "List all available topics."},
	{name: "create", help: "Create a new topic."},
	{name: "delete", help: "Delete a topic."},
	{name: "alter", help: "Alter the number of partitions and replica assignment. (To alter topic configurations, the kafka-configs tool can be used.)"},
	{name: "describe", help: "List details for the given topics."},
	{name: "topic", argName: "topic", help: "The topic to create, alter, describe or delete. It also accepts a regular expression, except for --create option."},
	{name: "topic-id", argName: "topic-id", help: "The topic-id to describe."},
	{name: "config", argName: "name=value", help: "A topic configuration override for the topic being created. See the Kafka documentation for full details on the topic configs. It is supported only in combination with --create. (To alter topic configurations, the kafka-configs tool can be used.)"},
	{name: "delete-config", argName: "name", help: "This option is no longer supported and has been deprecated since 4.0"},
	{name: "partitions", argName: "# of partitions", argType: "Integer", help: "The number of partitions for the topic being created or altered. If not supplied with --create, the topic uses the cluster default. (WARNING: If partitions are increased for a topic that has a key, the partition logic or ordering of the messages will be affected)."},
	{name: "replication-factor", argName: "replication factor", argType: "Integer", help: "The replication factor for each partition in the topic being created. If not supplied, the topic uses the cluster default."},
	{name: "replica-assignment", argName: "broker_id_for_part1_replica1 : broker_id_for_part1_replica2 , broker_id_for_part2_replica1 : broker_id_for_part2_replica2 , ...", help: "A list of manual partition-to-broker assignments for the topic being created or altered."},
	{name: "under-replicated-partitions", help: "If set when describing topics, only show under-replicated partitions."},
	{name: "unavailable-partitions", help: "If set when describing topics, only show partitions whose leader is not available."},
	{name: "under-min-isr-partitions", help: "If set when describing topics, only show partitions whose isr count is less than the configured minimum."},
	{name: "at-min-isr-partitions", help: "If set when describing topics, only show partitions whose isr count is equal to the configured minimum."},
	{name: "topics-with-overrides", help: "If set when describing topics, only show topics that have overridden configs."},
	{name: "if-exists", help: "If set when altering or deleting or describing topics, the action will only execute if the topic exists."},
	{name: "if-not-exists", help: "If set when creating topics, the create request will not fail if the topic already exists, but the request will still be sent."},
	{name: "exclude-internal", help: "Exclude internal topics when listing or describing topics. By default, the internal topics are included."},
	{name: "partition-size-limit-per-response", argName: "maximum number of partitions per response", argType: "Integer", help: "The maximum partition size to be included in one DescribeTopicPartitions response."},
	helpOption,
	versionOption,
}

// topicActions are kafka-topics.sh's actions, exactly one of which is given.
var topicActions = []string{"create", "list", "alter", "describe", "delete"}

// topicError is an error TopicCommand reports as "Error while executing topic
// command : <message>" on stdout (its printException).
type topicError struct{ msg string }

func (e *topicError) Error() string { return e.msg }

// usageErr is an error TopicCommand reports with the option table
// (CommandLineUtils.printUsageAndExit).
type usageErr struct{ msg string }

func (e *usageErr) Error() string { return e.msg }

// argErr is an IllegalArgumentException (or, in ConfigCommand, an
// InvalidConfigurationException), which the tools print alone on stderr.
type argErr struct{ msg string }

func (e *argErr) Error() string { return e.msg }

// KafkaTopics is kafka-topics.sh (org.apache.kafka.tools.TopicCommand): it
// creates, lists, describes, alters (adds partitions to) and deletes topics,
// with Kafka's options, output and messages.
func KafkaTopics(c Cluster, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	t := &toolEnv{cluster: c, stdin: stdin, stdout: stdout, stderr: stderr}
	opts, err := parseOptions(topicsOptions, args)
	if err != nil {
		return t.topicFailure(&topicError{err.Error()})
	}
	if len(args) == 0 {
		return t.printUsage("Create, delete, describe, or change a topic.", topicsOptions)
	}
	if opts.has("help") {
		return t.printHelp("This tool helps to create, delete, describe, or change a topic.", topicsOptions)
	}
	if opts.has("version") {
		return t.printVersion()
	}
	if err := checkTopicArgs(opts); err != nil {
		return t.topicFailure(err)
	}
	if opts.has("delete-config") {
		fmt.Fprintln(t.stderr, "delete-config option is no longer supported and deprecated since version 4.0. The config will be fully removed in future releases.")
	}
	addrs, err := splitBootstrap(opts.value("bootstrap-server"))
	if err != nil {
		return t.topicFailure(&topicError{"Failed to create new KafkaAdminClient"})
	}
	if opts.has("command-config") || opts.has("topic-id") {
		name := "command-config"
		if opts.has("topic-id") {
			name = "topic-id"
		}
		fmt.Fprintf(t.stderr, "lab: --%s is not supported in the lab yet\n", name)
		return 1
	}
	if !connect(t, addrs, "AdminClient clientId=adminclient-1") {
		call := "listTopics"
		if opts.has("create") {
			call = "createTopics"
		}
		return t.topicFailure(&topicError{"Timed out waiting for a node assignment. Call: " + call})
	}
	switch {
	case opts.has("create"):
		err = t.createTopic(opts)
	case opts.has("list"):
		err = t.listTopics(opts)
	case opts.has("describe"):
		err = t.describeTopics(opts)
	case opts.has("alter"):
		err = t.alterTopic(opts)
	case opts.has("delete"):
		err = t.deleteTopics(opts)
	}
	return t.topicFailure(err)
}

// topicFailure prints err as TopicCommand's main does and returns the exit
// status: 0 for nil.
func (t *toolEnv) topicFailure(err error) int {
	var (
		te *topicError
		ue *usageErr
		ae *argErr
	)
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		return t.printUsage(ue.msg, topicsOptions)
	case errors.As(err, &ae):
		fmt.Fprintln(t.stderr, ae.msg)
	case errors.As(err, &te):
		fmt.Fprintln(t.stdout, "Error while executing topic command : "+te.msg)
	default:
		fmt.Fprintln(t.stdout, "Error while executing topic command : "+kafkaMessage(err))
	}
	return 1
}

// checkTopicArgs checks the command line as TopicCommandOptions.checkArgs
// does, in the same order and with the same messages.
func checkTopicArgs(o *optionSet) error {
	actions := 0
	for _, a := range topicActions {
		if o.has(a) {
			actions++
		}
	}
	if actions != 1 {
		return &usageErr{"Command must include exactly one action: --list, --describe, --create, --alter or --delete"}
	}
	if !o.has("bootstrap-server") {
		return &argErr{"--bootstrap-server must be specified"}
	}
	if o.has("describe") && o.has("if-exists") && !o.has("topic") && !o.has("topic-id") {
		return &usageErr{"--topic or --topic-id is required to describe a topic"}
	}
	if !o.has("list") && !o.has("describe") && !o.has("topic") {
		return &usageErr{`Missing required argument "[topic]"`}
	}
	if o.has("alter") {
		if o.has("config") {
			return &usageErr{`Option combination "[bootstrap-server, config]" can't be used with option "[alter]" (To alter topic configurations, the kafka-configs tool can be used.)`}
		}
		if !o.has("partitions") {
			return &usageErr{`Missing required argument "[partitions]"`}
		}
	}
	// invalid lists, for each option, the actions and options it cannot be
	// used with (checkInvalidArgs).
	except := func(keep ...string) []string {
		var out []string
		for _, a := range []string{"alter", "create", "describe", "list", "delete"} {
			if !slices.Contains(keep, a) {
				out = append(out, a)
			}
		}
		return out
	}
	reports := []string{"under-replicated-partitions", "under-min-isr-partitions", "at-min-isr-partitions", "unavailable-partitions"}
	checks := []struct {
		used    string
		invalid []string
	}{
		{"config", except("alter", "create")},
		{"partitions", except("alter", "create")},
		{"replication-factor", except("create")},
		{"replica-assignment", except("alter", "create")},
	}
	if o.has("create") {
		checks = append(checks, struct {
			used    string
			invalid []string
		}{"replica-assignment", []string{"partitions", "replication-factor"}})
	}
	for _, r := range reports {
		checks = append(checks, struct {
			used    string
			invalid []string
		}{r, append(except("describe"), "topics-with-overrides")})
	}
	checks = append(checks, []struct {
		used    string
		invalid []string
	}{
		{"topics-with-overrides", append(except("describe"), reports...)},
		{"if-exists", except("alter", "delete", "describe")},
		{"if-not-exists", except("create")},
		{"exclude-internal", except("list", "describe")},
	}...)
	for _, c := range checks {
		if !o.has(c.used) {
			continue
		}
		for _, bad := range c.invalid {
			if o.has(bad) {
				return &usageErr{fmt.Sprintf(`Option "[%s]" can't be used with option "[%s]"`, c.used, bad)}
			}
		}
	}
	return nil
}

// createTopic is TopicService.createTopic.
func (t *toolEnv) createTopic(o *optionSet) error {
	name := o.value("topic")
	req := CreateTopic{Name: name, Partitions: -1, ReplicationFactor: -1}
	if strings.ContainsAny(name, "._") {
		fmt.Fprintln(t.stdout, collisionWarning)
	}
	if o.has("replication-factor") {
		rf, err := o.intValue("replication-factor")
		if err != nil {
			return &topicError{err.Error()}
		}
		if rf < 1 || rf > 32767 {
			return &topicError{"The replication factor must be between 1 and 32767 inclusive"}
		}
		req.ReplicationFactor = int16(rf)
	}
	if o.has("partitions") {
		p, err := o.intValue("partitions")
		if err != nil {
			return &topicError{err.Error()}
		}
		if p < 1 {
			return &topicError{"The partitions must be greater than 0"}
		}
		req.Partitions = p
	}
	configs, err := topicConfigs(o.all("config"))
	if err != nil {
		return err
	}
	req.Configs = configs
	if o.value("replica-assignment") != "" {
		a, err := parseReplicaAssignment(o.value("replica-assignment"))
		if err != nil {
			return err
		}
		req.Assignment = a
	}
	created, err := t.cluster.CreateTopic(req)
	if err != nil {
		if errors.Is(err, kerr.TopicAlreadyExists) && o.has("if-not-exists") {
			return nil
		}
		return err
	}
	if created.Warning != "" && created.Warning != collisionWarning {
		fmt.Fprintln(t.stdout, created.Warning)
	}
	fmt.Fprintf(t.stdout, "Created topic %s.\n", name)
	return nil
}

// collisionWarning is TopicCommand's warning for names with '.' or '_'.
const collisionWarning = "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both."

// topicConfigs checks --config values as parseTopicConfigsToBeAdded does and
// returns them as trimmed "k=v".
func topicConfigs(values []string) ([]string, error) {
	var out []string
	for _, v := range values {
		kv := strings.Split(v, "=") // Kafka splits on \s*=\s*; the parts are trimmed below
		if len(kv) != 2 {
			return nil, &topicError{`requirement failed: Invalid topic config: all configs to be added must be in the format "key=val".`}
		}
		out = append(out, strings.TrimSpace(kv[0])+"="+strings.TrimSpace(kv[1]))
	}
	return out, nil
}

// parseReplicaAssignment parses "1:2:3,2:3:1" as TopicCommand does, with its
// messages for duplicates and uneven replication factors.
func parseReplicaAssignment(s string) ([][]int32, error) {
	var out [][]int32
	for i, part := range strings.Split(s, ",") {
		var brokers []int32
		for _, b := range strings.Split(part, ":") {
			b = strings.TrimSpace(b)
			n, err := strconv.ParseInt(b, 10, 32)
			if err != nil {
				return nil, &topicError{fmt.Sprintf("For input string: %q", b)}
			}
			brokers = append(brokers, int32(n))
		}
		var dups []string
		for j, b := range brokers {
			if slices.Contains(brokers[:j], b) && !slices.Contains(dups, strconv.Itoa(int(b))) {
				dups = append(dups, strconv.Itoa(int(b)))
			}
		}
		if len(dups) > 0 {
			return nil, &topicError{"Partition replica lists may not contain duplicate entries: " + strings.Join(dups, ",")}
		}
		out = append(out, brokers)
		if len(brokers) != len(out[0]) {
			return nil, &topicError{fmt.Sprintf("Partition %d has different replication factor: %s", i, javaList(brokers))}
		}
	}
	return out, nil
}

// javaList formats ids as Java's List.toString: "[1, 2, 3]".
func javaList(ids []int32) string {
	return "[" + strings.ReplaceAll(joinInt32(ids), ",", ", ") + "]"
}

// getTopics lists the topics matching --topic (a regular expression, as
// TopicFilter.IncludeList reads it), sorted, without internal topics when
// --exclude-internal is given.
func (t *toolEnv) getTopics(o *optionSet) ([]string, error) {
	all, err := t.cluster.ListTopics()
	if err != nil {
		return nil, err
	}
	slices.Sort(all)
	var re *javaregex.Pattern
	if o.has("topic") {
		re, err = includeList(o.value("topic"))
		if err != nil {
			return nil, &topicError{err.Error()}
		}
	}
	var out []string
	for _, name := range all {
		if o.has("exclude-internal") && isInternalTopic(name) {
			continue
		}
		if re != nil && !re.Matches(name) {
			continue
		}
		out = append(out, name)
	}
	return out, nil
}

// includeList compiles a topic filter as IncludeList does: commas mean "or",
// spaces and surrounding quotes are dropped, and the whole name must match
// (String.matches). An invalid pattern fails as IncludeList's constructor
// does, with "<regex> is an invalid regex.".
func includeList(s string) (*javaregex.Pattern, error) {
	s = strings.TrimSpace(s)
	s = strings.ReplaceAll(s, ",", "|")
	s = strings.ReplaceAll(s, " ", "")
	s = strings.TrimLeft(s, `"'`)
	s = strings.TrimRight(s, `"'`)
	re, err := javaregex.Compile(s)
	if err != nil {
		return nil, fmt.Errorf("%s is an invalid regex.", s)
	}
	return re, nil
}

// isInternalTopic reports whether Kafka's Topic.isInternal holds.
func isInternalTopic(name string) bool {
	switch name {
	case "__consumer_offsets", "__transaction_state", "__share_group_state":
		return true
	}
	return false
}

// ensureTopicExists fails as TopicCommand.ensureTopicExists does when a named
// topic matched nothing and --if-exists was not given.
func ensureTopicExists(o *optionSet, found []string) error {
	if o.value("topic") != "" && len(found) == 0 && !o.has("if-exists") {
		return &topicError{fmt.Sprintf("Topic '%s' does not exist as expected", o.value("topic"))}
	}
	return nil
}

// listTopics is TopicService.listTopics: one name per line.
func (t *toolEnv) listTopics(o *optionSet) error {
	names, err := t.getTopics(o)
	if err != nil {
		return err
	}
	fmt.Fprintln(t.stdout, strings.Join(names, "\n"))
	return nil
}

// describeTopics is TopicService.describeTopic.
func (t *toolEnv) describeTopics(o *optionSet) error {
	names, err := t.getTopics(o)
	if err != nil {
		return err
	}
	if err := ensureTopicExists(o, names); err != nil {
		return err
	}
	if len(names) == 0 {
		return nil
	}
	descs, err := t.cluster.DescribeTopics(names)
	if err != nil {
		return err
	}
	live := map[int32]bool{}
	for _, b := range t.cluster.Brokers() {
		if b.Up {
			live[b.ID] = true
		}
	}
	reportUnderReplicated := o.has("under-replicated-partitions")
	reportUnavailable := o.has("unavailable-partitions")
	reportUnderMinISR := o.has("under-min-isr-partitions")
	reportAtMinISR := o.has("at-min-isr-partitions")
	describeConfigs := !reportUnderReplicated && !reportUnavailable && !reportUnderMinISR && !reportAtMinISR
	describePartitions := !o.has("topics-with-overrides")
	for _, d := range descs {
		parts := slices.Clone(d.Partitions)
		slicesort.Func(parts, func(a, b PartitionDescription) int { return int(a.Partition - b.Partition) })
		if describeConfigs && (!o.has("topics-with-overrides") || d.Configs != "") {
			writeTopicHeader(t.stdout, d, parts)
		}
		if !describePartitions {
			continue
		}
		minISR := configInt(d.Configs, "min.insync.replicas", 1)
		for _, p := range parts {
			hasLeader := p.Leader >= 0
			show := describeConfigs ||
				(reportUnderReplicated && len(p.Replicas)-len(p.ISR) > 0) ||
				(reportUnavailable && (!hasLeader || !live[p.Leader])) ||
				(reportUnderMinISR && (!hasLeader || len(p.ISR) < minISR)) ||
				(reportAtMinISR && len(p.ISR) == minISR)
			if show {
				writePartitionLine(t.stdout, d.Name, p)
			}
		}
	}
	return nil
}

// writeTopicHeader writes TopicDescription.printDescription's line.
func writeTopicHeader(w io.Writer, d TopicDescription, parts []PartitionDescription) {
	rf := 0
	if len(parts) > 0 {
		rf = len(parts[0].Replicas)
	}
	fmt.Fprintf(w, "Topic: %s", d.Name)
	if d.ID != uuid.Nil {
		fmt.Fprintf(w, "\tTopicId: %s", KafkaUUID(d.ID))
	}
	fmt.Fprintf(w, "\tPartitionCount: %d\tReplicationFactor: %d\tConfigs: %s\n", len(parts), rf, d.Configs)
}

// writePartitionLine writes PartitionDescription.printDescription's line.
func writePartitionLine(w io.Writer, topic string, p PartitionDescription) {
	leader := "none"
	if p.Leader >= 0 {
		leader = strconv.Itoa(int(p.Leader))
	}
	fmt.Fprintf(w, "\tTopic: %s\tPartition: %d\tLeader: %s\tReplicas: %s\tIsr: %s\tElr: %s\tLastKnownElr: %s\n",
		topic, p.Partition, leader, joinInt32(p.Replicas), joinInt32(p.ISR), joinInt32(p.ELR), joinInt32(p.LastKnownELR))
}

// KafkaUUID formats a topic id as Kafka's Uuid.toString does: the 16 bytes
// in URL-safe base64 without padding, e.g. "xqK6_Q6dSrGOnYfQO6Ye4Q".
func KafkaUUID(id uuid.UUID) string { return base64.RawURLEncoding.EncodeToString(id[:]) }

// configInt reads an integer config from a "k=v,k=v" list, or def.
func configInt(configs, name string, def int) int {
	for _, kv := range strings.Split(configs, ",") {
		k, v, ok := strings.Cut(kv, "=")
		if ok && k == name {
			if n, err := strconv.Atoi(v); err == nil {
				return n
			}
		}
	}
	return def
}

// alterTopic is TopicService.alterTopic: it adds partitions to every topic
// --topic matches. It prints nothing on success.
func (t *toolEnv) alterTopic(o *optionSet) error {
	names, err := t.getTopics(o)
	if err != nil {
		return err
	}
	if err := ensureTopicExists(o, names); err != nil {
		return err
	}
	total, err := o.intValue("partitions")
	if err != nil {
		return &topicError{err.Error()}
	}
	var assignment [][]int32
	if o.value("replica-assignment") != "" {
		if assignment, err = parseReplicaAssignment(o.value("replica-assignment")); err != nil {
			return err
		}
	}
	for _, name := range names {
		var added [][]int32
		if assignment != nil {
			descs, err := t.cluster.DescribeTopics([]string{name})
			if err != nil {
				return err
			}
			if n := len(descs[0].Partitions); n < len(assignment) {
				added = assignment[n:]
			}
		}
		if err := t.cluster.CreatePartitions(name, total, added); err != nil {
			return err
		}
	}
	return nil
}

// deleteTopics is TopicService.deleteTopic: it deletes every topic --topic
// matches and prints nothing.
func (t *toolEnv) deleteTopics(o *optionSet) error {
	names, err := t.getTopics(o)
	if err != nil {
		return err
	}
	if err := ensureTopicExists(o, names); err != nil {
		return err
	}
	for _, name := range names {
		if err := t.cluster.DeleteTopic(name); err != nil {
			return err
		}
	}
	return nil
}
