package tools

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/kafkalab/kafkalab/engine/metadata"
)

func init() {
	kafkaTools["kafka-configs"] = KafkaConfigs
	delete(notYet, "kafka-configs")
}

// configsOptions are kafka-configs.sh's options (ConfigCommandOptions,
// Kafka 4.1).
var configsOptions = []option{
	{name: "bootstrap-server", argName: "server to connect to", help: "The Kafka servers to connect to."},
	{name: "bootstrap-controller", argName: "controller to connect to", help: "The Kafka controllers to connect to."},
	{name: "command-config", argName: "command config property file", help: "Property file containing configs to be passed to Admin Client. This is used only with --bootstrap-server option for describing and altering broker configs."},
	{name: "alter", help: "Alter the configuration for the entity."},
	{name: "describe", help: "List configs for the given entity."},
	{name: "all", help: "List all configs for the given entity, including static configs if available."},
	{name: "entity-type", argName: "String", help: "Type of entity (topics/clients/users/brokers/broker-loggers/ips/client-metrics/groups)"},
	{name: "entity-name", argName: "String", help: "Name of entity (topic name/client id/user principal name/broker id/ip/client metrics/group id)"},
	{name: "entity-default", help: "Default entity name for clients/users/brokers/ips (applies to corresponding entity type)"},
	{name: "add-config", argName: "String", help: "Key Value pairs of configs to add. Square brackets can be used to group values which contain commas: 'k1=v1,k2=[v1,v2,v2],k3=v3'. The lab models, for entity-type 'topics': " + strings.Join(metadata.TopicConfigNames(), ", ") + "; for entity-type 'brokers': " + strings.Join(metadata.DynamicBrokerConfigNames(), ", ") + "."},
	{name: "add-config-file", argName: "String", help: "Path to a properties file with configs to add. See add-config for a list of valid configurations."},
	{name: "delete-config", argName: "String", help: "config keys to remove 'k1,k2'"},
	{name: "topic", argName: "String", help: "The topic's name."},
	{name: "client", argName: "String", help: "The client's ID."},
	{name: "client-defaults", help: "The config defaults for all clients."},
	{name: "user", argName: "String", help: "The user's principal name."},
	{name: "user-defaults", help: "The config defaults for all users."},
	{name: "broker", argName: "String", help: "The broker's ID."},
	{name: "broker-defaults", help: "The config defaults for all brokers."},
	{name: "broker-logger", argName: "String", help: "The broker's ID for its logger config."},
	{name: "ip", argName: "String", help: "The IP address."},
	{name: "ip-defaults", help: "The config defaults for all IPs."},
	{name: "group", argName: "String", help: "The group's ID."},
	{name: "client-metrics", argName: "String", help: "The client metrics config resource name."},
	helpOption,
	versionOption,
}

// configEntityTypes are ConfigCommand's BROKER_SUPPORTED_CONFIG_TYPES, in
// its order.
var configEntityTypes = []string{"broker-loggers", "topics", "clients", "users", "brokers", "ips", "client-metrics", "groups"}

// configEntityFlags are the shorthand flags and the entity type each names
// (entityFlags, then entityDefaultsFlags, in ConfigCommand's order).
var configEntityFlags = []struct{ flag, typ string }{
	{"topic", "topics"}, {"client", "clients"}, {"user", "users"}, {"broker", "brokers"},
	{"broker-logger", "broker-loggers"}, {"ip", "ips"}, {"client-metrics", "client-metrics"}, {"group", "groups"},
}

var configDefaultFlags = []struct{ flag, typ string }{
	{"client-defaults", "clients"}, {"user-defaults", "users"}, {"broker-defaults", "brokers"}, {"ip-defaults", "ips"},
}

// KafkaConfigs is kafka-configs.sh (org.apache.kafka.tools.ConfigCommand)
// for topics and brokers: --describe [--all] and --alter with --add-config
// and --delete-config, with Kafka's output and errors.
func KafkaConfigs(c Cluster, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	t := &toolEnv{cluster: c, stdin: stdin, stdout: stdout, stderr: stderr}
	opts, err := parseOptions(configsOptions, args)
	if err != nil {
		fmt.Fprintln(stderr, err.Error()) // an OptionException
		return 1
	}
	const about = "This tool helps to manipulate and describe entity config for a topic, client, user, broker, ip, client-metrics or group"
	if len(args) == 0 {
		return t.printUsage(about, configsOptions)
	}
	if opts.has("help") {
		return t.printHelp(about, configsOptions)
	}
	if opts.has("version") {
		return t.printVersion()
	}
	types, names, usage, err := checkConfigArgs(opts)
	if usage != "" {
		return t.printUsage(usage, configsOptions)
	}
	if err == nil {
		err = t.runConfigs(opts, types, names, args)
	}
	var (
		ae *argErr
		ee *executionError
	)
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ae):
		fmt.Fprintln(stderr, ae.msg)
	default:
		// Anything else reaches main's catch-all: the command line, then
		// the stack trace. Errors from the admin client arrive wrapped in
		// an ExecutionException, which main does not unwrap.
		fmt.Fprintf(stderr, "Error while executing config command with args '%s'\n", strings.Join(args, " "))
		if errors.As(err, &ee) {
			fmt.Fprintln(stderr, "java.util.concurrent.ExecutionException: "+javaException(ee.err))
		} else {
			fmt.Fprintln(stderr, javaException(err))
		}
	}
	return 1
}

// executionError is an admin client call's failure, which Java's
// Future.get wraps in a java.util.concurrent.ExecutionException.
type executionError struct{ err error }

func (e *executionError) Error() string { return e.err.Error() }
func (e *executionError) Unwrap() error { return e.err }

// viaAdmin wraps an admin call's error as its future would.
func viaAdmin(err error) error {
	if err == nil {
		return nil
	}
	return &executionError{err}
}

// checkConfigArgs checks the command line as ConfigCommandOptions.checkArgs
// does, in its order, and returns the entity types and names. A usage error
// comes back as the message for the option table.
func checkConfigArgs(o *optionSet) (types, names []string, usage string, err error) {
	fail := func(format string, a ...any) ([]string, []string, string, error) {
		return nil, nil, "", &argErr{fmt.Sprintf(format, a...)}
	}
	if o.has("alter") == o.has("describe") {
		return nil, nil, "Command must include exactly one action: --describe, --alter", nil
	}
	if o.has("describe") {
		for _, bad := range []string{"alter", "add-config", "delete-config"} {
			if o.has(bad) {
				return nil, nil, fmt.Sprintf(`Option "[describe]" can't be used with option "[%s]"`, bad), nil
			}
		}
	}
	types = slices.Clone(o.all("entity-type"))
	usesFlags := false
	for _, f := range configEntityFlags {
		if o.has(f.flag) {
			types, usesFlags = append(types, f.typ), true
		}
	}
	for _, f := range configDefaultFlags {
		if o.has(f.flag) {
			types, usesFlags = append(types, f.typ), true
		}
	}
	var dups []string
	for i, ty := range types {
		if slices.Contains(types[:i], ty) && !slices.Contains(dups, ty) {
			dups = append(dups, ty)
		}
	}
	if len(dups) > 0 {
		return fail("Duplicate entity type(s) specified: %s", strings.Join(dups, ","))
	}
	if !o.has("bootstrap-server") && !o.has("bootstrap-controller") {
		return fail("Either --bootstrap-server or --bootstrap-controller must be specified.")
	}
	for _, ty := range types {
		if !slices.Contains(configEntityTypes, ty) {
			return fail("Invalid entity type %s, the entity type must be one of %s with a --bootstrap-server or --bootstrap-controller argument", ty, strings.Join(configEntityTypes, ", "))
		}
	}
	if len(types) == 0 {
		return fail("At least one entity type must be specified")
	}
	if len(types) > 1 && !(len(types) == 2 && slices.Contains(types, "users") && slices.Contains(types, "clients")) {
		return fail("Only 'users' and 'clients' entity types may be specified together")
	}
	if (o.has("entity-name") || o.has("entity-type") || o.has("entity-default")) && usesFlags {
		return fail("--entity-{type,name,default} should not be used in conjunction with specific entity flags")
	}
	names = slices.Clone(o.all("entity-name"))
	for range o.all("entity-default") {
		names = append(names, "")
	}
	for _, f := range configEntityFlags {
		if o.has(f.flag) {
			names = append(names, o.value(f.flag))
		}
	}
	for _, f := range configDefaultFlags {
		if o.has(f.flag) {
			names = append(names, "")
		}
	}
	hasName := slices.ContainsFunc(names, func(n string) bool { return n != "" })
	hasDefault := slices.Contains(names, "")
	if o.has("bootstrap-server") && o.has("bootstrap-controller") {
		return fail("Only one of --bootstrap-server or --bootstrap-controller can be specified")
	}
	if hasName && (slices.Contains(types, "brokers") || slices.Contains(types, "broker-loggers")) {
		for _, opt := range []string{"entity-name", "broker", "broker-logger"} {
			if v := o.value(opt); o.has(opt) {
				if _, err := strconv.ParseInt(v, 10, 32); err != nil {
					return fail("The entity name for %s must be a valid integer broker id, but it is: %s", types[0], v)
				}
			}
		}
	}
	if o.has("describe") {
		if o.has("entity-default") && !slices.ContainsFunc(types, func(ty string) bool {
			return ty == "users" || ty == "clients" || ty == "brokers" || ty == "ips"
		}) {
			return fail("--entity-default must not be specified with --describe of %s", strings.Join(types, ","))
		}
		if slices.Contains(types, "broker-loggers") && !hasName {
			return fail("An entity name must be specified with --describe of %s", strings.Join(types, ","))
		}
	}
	if o.has("alter") {
		if slices.ContainsFunc(types, func(ty string) bool {
			return ty == "users" || ty == "clients" || ty == "brokers" || ty == "ips"
		}) {
			if !hasName && !hasDefault {
				return fail("An entity-name or default entity must be specified with --alter of users, clients, brokers or ips")
			}
		} else if !hasName {
			return fail("An entity name must be specified with --alter of %s", strings.Join(types, ","))
		}
		if o.has("add-config") && o.has("add-config-file") {
			return fail("Only one of --add-config or --add-config-file must be specified")
		}
		if !o.has("add-config") && !o.has("add-config-file") && !o.has("delete-config") {
			return fail("At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter")
		}
	}
	return types, names, "", nil
}

// runConfigs is ConfigCommand.processCommand after the checks.
func (t *toolEnv) runConfigs(o *optionSet, types, names, args []string) error {
	if o.has("alter") && len(types) != len(names) {
		return &argErr{"An entity name must be specified for every entity type"}
	}
	ty := types[0]
	if ty != "topics" && ty != "brokers" {
		return &argErr{fmt.Sprintf("lab: kafka-configs.sh --entity-type %s is not modelled in the lab; it has topics and brokers", ty)}
	}
	for _, opt := range []string{"command-config", "add-config-file"} {
		if o.has(opt) {
			return &argErr{fmt.Sprintf("lab: --%s is not supported in the lab (it reads a file)", opt)}
		}
	}
	cc, ok := t.cluster.(ConfigCluster)
	if !ok {
		return &argErr{"lab: this cluster cannot describe or change configs"}
	}
	server := o.value("bootstrap-server")
	if o.has("bootstrap-controller") {
		server = o.value("bootstrap-controller")
	}
	addrs, err := splitBootstrap(server)
	if err != nil {
		return &argErr{"Failed to create new KafkaAdminClient"}
	}
	if !connect(t, addrs, "AdminClient clientId=adminclient-1") {
		return viaAdmin(errors.New("org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node assignment. Call: describeConfigs"))
	}
	var name *string
	if len(names) > 0 {
		name = &names[0]
	}
	if o.has("alter") {
		return t.alterConfigs(cc, o, ty, *name)
	}
	return t.describeConfigs(cc, ty, name, o.has("all"))
}

// describeConfigs is ConfigCommand.describeResourceConfig.
func (t *toolEnv) describeConfigs(cc ConfigCluster, ty string, name *string, all bool) error {
	singular := strings.TrimSuffix(ty, "s")
	if name != nil {
		if ty == "topics" && *name != "" {
			if err := metadata.ValidateTopicName(*name); err != nil {
				return err
			}
		}
		if !all {
			exists, err := t.configEntityExists(ty, *name)
			if err != nil {
				return viaAdmin(err)
			}
			if !exists {
				fmt.Fprintf(t.stdout, "The %s '%s' doesn't exist and doesn't have dynamic config.\n", singular, *name)
				return nil
			}
		}
	}
	var entities []string
	switch {
	case name != nil:
		entities = []string{*name}
	case ty == "topics":
		topics, err := t.cluster.ListTopics()
		if err != nil {
			return viaAdmin(err)
		}
		entities = topics
	default:
		for _, b := range t.cluster.Brokers() {
			if b.Up {
				entities = append(entities, strconv.Itoa(int(b.ID)))
			}
		}
		entities = append(entities, "")
	}
	for _, e := range entities {
		source := metadata.SourceDynamicTopic
		switch {
		case ty == "brokers" && e == "":
			source = metadata.SourceDynamicDefaultBroker
			fmt.Fprintf(t.stdout, "Default configs for %s in the cluster are:\n", ty)
		case ty == "brokers":
			source = metadata.SourceDynamicBroker
			fallthrough
		default:
			what := "Dynamic"
			if all {
				what = "All"
			}
			fmt.Fprintf(t.stdout, "%s configs for %s %s are:\n", what, singular, e)
		}
		entries, err := cc.DescribeConfigs(ty, e)
		if err != nil {
			return viaAdmin(err)
		}
		for _, en := range entries {
			if !all && en.Source != source {
				continue
			}
			syn := make([]string, len(en.Synonyms))
			for i, s := range en.Synonyms {
				syn[i] = s.Source + ":" + s.Name + "=" + s.Value
			}
			fmt.Fprintf(t.stdout, "  %s=%s sensitive=false synonyms={%s}\n", en.Name, en.Value, strings.Join(syn, ", "))
		}
	}
	return nil
}

// configEntityExists answers describeResourceConfig's existence checks: a
// topic among listTopics (internal ones included), a broker among
// describeCluster's nodes, or the default broker.
func (t *toolEnv) configEntityExists(ty, name string) (bool, error) {
	if ty == "topics" {
		topics, err := t.cluster.ListTopics()
		return slices.Contains(topics, name), err
	}
	if name == "" {
		return true, nil
	}
	for _, b := range t.cluster.Brokers() {
		if b.Up && strconv.Itoa(int(b.ID)) == name {
			return true, nil
		}
	}
	return false, nil
}

// alterConfigs is ConfigCommand.alterResourceConfig: it reads the
// resource's dynamic configs, refuses to delete one that is not set, and
// sends the deletions then the additions in one IncrementalAlterConfigs.
func (t *toolEnv) alterConfigs(cc ConfigCluster, o *optionSet, ty, name string) error {
	add, err := parseAddConfig(o)
	if err != nil {
		return err
	}
	var del []string
	for _, v := range o.all("delete-config") {
		for _, k := range strings.Split(v, ",") {
			del = append(del, strings.TrimSpace(k))
		}
	}
	if ty == "topics" {
		if err := metadata.ValidateTopicName(name); err != nil {
			return err
		}
	}
	entries, err := cc.DescribeConfigs(ty, name)
	if err != nil {
		return viaAdmin(err)
	}
	source := metadata.SourceDynamicTopic
	if ty == "brokers" {
		source = metadata.SourceDynamicBroker
		if name == "" {
			source = metadata.SourceDynamicDefaultBroker
		}
	}
	var invalid []string
	for _, k := range del {
		if !slices.ContainsFunc(entries, func(e ConfigEntry) bool { return e.Name == k && e.Source == source }) {
			invalid = append(invalid, k)
		}
	}
	if len(invalid) > 0 {
		return &argErr{"Invalid config(s): " + strings.Join(invalid, ",")}
	}
	var ops []ConfigOp
	for _, k := range del {
		ops = append(ops, ConfigOp{Name: k, Delete: true})
	}
	ops = append(ops, add...)
	if err := cc.AlterConfigs(ty, name, ops); err != nil {
		return viaAdmin(err)
	}
	if name != "" {
		fmt.Fprintf(t.stdout, "Completed updating config for %s %s.\n", strings.TrimSuffix(ty, "s"), name)
	} else {
		fmt.Fprintf(t.stdout, "Completed updating default config for %s in the cluster.\n", ty)
	}
	return nil
}

// parseAddConfig parses --add-config as parseConfigsToBeAdded does: pairs
// split on commas outside square brackets, each split on '=' with the
// blanks around it; brackets are then removed from values. The pairs come
// back sorted by name (Kafka's order is a HashMap's).
func parseAddConfig(o *optionSet) ([]ConfigOp, error) {
	if !o.has("add-config") {
		return nil, nil
	}
	props := map[string]string{}
	for _, pair := range splitOutsideBrackets(o.value("add-config"), ",", false) {
		kv := splitOutsideBrackets(pair, "=", true)
		if len(kv) != 2 {
			return nil, &argErr{`Invalid entity config: all configs to be added must be in the format "key=val" or  "key=[val1,val2]" to group values which contain commas.`}
		}
		v := strings.NewReplacer("[", "", "]", "").Replace(kv[1])
		props[strings.TrimSpace(kv[0])] = strings.TrimSpace(v)
	}
	var ops []ConfigOp
	for _, k := range slices.Sorted(maps.Keys(props)) {
		for _, r := range k {
			if !(r == '$' || r == '.' || r == '_' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
				return nil, &argErr{"Invalid character found for config key: " + k}
			}
		}
		ops = append(ops, ConfigOp{Name: k, Value: props[k]})
	}
	return ops, nil
}

// splitOutsideBrackets splits s on sep where sep is not inside [...] (the
// lookahead (?=[^\]]*(?:\[|$)) of ConfigCommand), keeping empty items as
// split(…, -1) does for '=' and dropping trailing empty ones as split(…)
// does for ','; around '=' the blanks go with the separator.
func splitOutsideBrackets(s, sep string, keepEmpty bool) []string {
	var parts []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] != sep[0] || !outsideBrackets(s[i+1:]) {
			continue
		}
		parts = append(parts, s[start:i])
		start = i + 1
	}
	parts = append(parts, s[start:])
	if sep == "=" {
		for i := range parts {
			if i > 0 {
				parts[i] = strings.TrimLeft(parts[i], " \t\n\x0b\f\r")
			}
			if i < len(parts)-1 {
				parts[i] = strings.TrimRight(parts[i], " \t\n\x0b\f\r")
			}
		}
	}
	if !keepEmpty {
		for len(parts) > 0 && parts[len(parts)-1] == "" {
			parts = parts[:len(parts)-1]
		}
	}
	return parts
}

// outsideBrackets is the lookahead: the rest has no ']' before the next '['
// or its end.
func outsideBrackets(rest string) bool {
	for i := 0; i < len(rest); i++ {
		switch rest[i] {
		case '[':
			return true
		case ']':
			return false
		}
	}
	return true
}
