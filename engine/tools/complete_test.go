package tools

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

// completionNames is a small cluster's names: three brokers, a controller
// quorum, three topics, three groups, a consumer and a rate producer.
var completionNames = CompletionNames{
	Brokers:     []BrokerInfo{{ID: 1, Up: true}, {ID: 2, Up: true}, {ID: 3, Up: false}},
	Controllers: []string{"controller-1", "controller-2"},
	Topics:      []string{"order_events", "orders", "payments"},
	Groups:      []string{"billing", "billing-audit", "shipping"},
	Consumers:   []string{"c1", "c2"},
	Producers:   []string{"p1"},
}

func TestComplete(t *testing.T) {
	for _, tc := range []struct {
		name   string
		line   string // "^" marks the cursor; at the end if absent
		want   string // the line after Tab, with "^" at the new cursor
		cands  []string
		anyCan bool // only check that there are several candidates
	}{
		{name: "tool", line: "kafka-to", want: "kafka-topics.sh ^", cands: []string{"kafka-topics.sh"}},
		{name: "tool after bin/", line: "bin/kafka-to", want: "bin/kafka-topics.sh ^", cands: []string{"kafka-topics.sh"}},
		{name: "tool after ./bin/", line: "./bin/kafka-dump", want: "./bin/kafka-dump-log.sh ^", cands: []string{"kafka-dump-log.sh"}},
		{name: "no lab command in a directory", line: "bin/he", want: "bin/he^"},
		{name: "common prefix of tools", line: "kafka-consol", want: "kafka-console-^",
			cands: []string{"kafka-console-consumer.sh", "kafka-console-producer.sh"}},
		{name: "no longer prefix", line: "kafka-con", want: "kafka-con^",
			cands: []string{"kafka-configs.sh", "kafka-console-consumer.sh", "kafka-console-producer.sh", "kafka-consumer-groups.sh", "kafka-consumer-perf-test.sh"}},
		{name: "lab command", line: "rebal", want: "rebalance^", cands: []string{"rebalance-leaders", "rebalances"}},
		{name: "lab command unique", line: "coord", want: "coordinator ^", cands: []string{"coordinator"}},
		{name: "second command of a pipe", line: "echo a:b | kafka-console-p", want: "echo a:b | kafka-console-producer.sh ^", cands: []string{"kafka-console-producer.sh"}},
		{name: "nothing to complete", line: "zzz", want: "zzz^"},
		{name: "unknown tool", line: "kafka-nope.sh --to", want: "kafka-nope.sh --to^"},
		{name: "not-yet tool", line: "kafka-transactions.sh --", want: "kafka-transactions.sh --^"},

		{name: "topics option", line: "kafka-topics.sh --desc", want: "kafka-topics.sh --describe ^", cands: []string{"--describe"}},
		{name: "topics options prefix", line: "kafka-topics.sh --under", want: "kafka-topics.sh --under-^",
			cands: []string{"--under-min-isr-partitions", "--under-replicated-partitions"}},
		{name: "consumer option", line: "kafka-console-consumer.sh --from", want: "kafka-console-consumer.sh --from-beginning ^", cands: []string{"--from-beginning"}},
		{name: "producer option", line: "kafka-console-producer.sh --producer-p", want: "kafka-console-producer.sh --producer-property ^", cands: []string{"--producer-property"}},
		{name: "groups option", line: "kafka-consumer-groups.sh --reset", want: "kafka-consumer-groups.sh --reset-offsets ^", cands: []string{"--reset-offsets"}},
		{name: "configs option", line: "kafka-configs.sh --entity-ty", want: "kafka-configs.sh --entity-type ^", cands: []string{"--entity-type"}},
		{name: "configs entity type", line: "kafka-configs.sh --entity-type t", want: "kafka-configs.sh --entity-type topics ^", cands: []string{"topics"}},
		{name: "dump-log option", line: "kafka-dump-log.sh --deep", want: "kafka-dump-log.sh --deep-iteration ^", cands: []string{"--deep-iteration"}},
		{name: "election type", line: "kafka-leader-election.sh --election-type u", want: "kafka-leader-election.sh --election-type unclean ^", cands: []string{"unclean"}},
		{name: "get-offsets option", line: "kafka-get-offsets.sh --exclude", want: "kafka-get-offsets.sh --exclude-internal-topics ^", cands: []string{"--exclude-internal-topics"}},
		{name: "producer perf arg", line: "kafka-producer-perf-test.sh --num", want: "kafka-producer-perf-test.sh --num-records ^", cands: []string{"--num-records"}},
		{name: "consumer perf option", line: "kafka-consumer-perf-test.sh --hide", want: "kafka-consumer-perf-test.sh --hide-header ^", cands: []string{"--hide-header"}},
		{name: "every option on an empty word", line: "kafka-topics.sh ", anyCan: true, want: "kafka-topics.sh --^"},
		{name: "no value for an unknown argument", line: "kafka-topics.sh --partitions ", want: "kafka-topics.sh --partitions ^"},

		{name: "topic", line: "kafka-topics.sh --describe --topic ord", want: "kafka-topics.sh --describe --topic order^", cands: []string{"order_events", "orders"}},
		{name: "topic unique", line: "kafka-topics.sh --describe --topic order_", want: "kafka-topics.sh --describe --topic order_events ^", cands: []string{"order_events"}},
		{name: "topic after an abbreviation", line: "kafka-console-consumer.sh --top pay", want: "kafka-console-consumer.sh --top payments ^", cands: []string{"payments"}},
		{name: "ambiguous abbreviation", line: "kafka-topics.sh --top pay", want: "kafka-topics.sh --top pay^"},
		{name: "topic after =", line: "kafka-console-consumer.sh --topic=pay", want: "kafka-console-consumer.sh --topic=payments ^", cands: []string{"payments"}},
		{name: "no = form with an escape", line: `kafka-console-consumer.sh --to\pic=pay`, want: `kafka-console-consumer.sh --to\pic=pay^`},
		{name: "no = form in quotes", line: `kafka-console-consumer.sh '--topic=pay`, want: `kafka-console-consumer.sh '--topic=pay^`},
		{name: "group", line: "kafka-consumer-groups.sh --describe --group bill", want: "kafka-consumer-groups.sh --describe --group billing^", cands: []string{"billing", "billing-audit"}},
		{name: "group of the console consumer", line: "kafka-console-consumer.sh --group sh", want: "kafka-console-consumer.sh --group shipping ^", cands: []string{"shipping"}},
		{name: "bootstrap server", line: "kafka-topics.sh --bootstrap-server localhost:9", want: "kafka-topics.sh --bootstrap-server localhost:909^",
			cands: []string{"localhost:9092", "localhost:9093", "localhost:9094"}},
		{name: "bootstrap server by name", line: "kafka-topics.sh --bootstrap-server broker-2", want: "kafka-topics.sh --bootstrap-server broker-2:9093 ^", cands: []string{"broker-2:9093"}},
		{name: "single quote", line: "kafka-topics.sh --topic 'pay", want: "kafka-topics.sh --topic 'payments' ^", cands: []string{"payments"}},
		{name: "double quote, common prefix", line: `kafka-topics.sh --topic "or`, want: `kafka-topics.sh --topic "order^`, cands: []string{"order_events", "orders"}},
		{name: "closed quote", line: "kafka-topics.sh --topic 'pay'", want: "kafka-topics.sh --topic payments ^", cands: []string{"payments"}},
		{name: "cursor in the middle", line: "kafka-topics.sh --desc^ --topic orders", want: "kafka-topics.sh --describe ^ --topic orders", cands: []string{"--describe"}},
		{name: "cursor in the middle of a word", line: "kafka-to^pics.sh", want: "kafka-topics.sh ^pics.sh", cands: []string{"kafka-topics.sh"}},
		{name: "continued line", line: "kafka-topics.sh \\\n  --topic pay", want: "kafka-topics.sh \\\n  --topic payments ^", cands: []string{"payments"}},
		{name: "heredoc body", line: "kafka-console-producer.sh --topic orders <<EOF\nkafka-to", want: "kafka-console-producer.sh --topic orders <<EOF\nkafka-to^"},

		{name: "broker for stop", line: "stop b", want: "stop broker-^", cands: []string{"broker-1", "broker-2", "broker-3"}},
		{name: "broker or controller for crash", line: "crash ", want: "crash ^", cands: []string{"broker-1", "broker-2", "broker-3", "controller-1", "controller-2"}},
		{name: "controller for restart", line: "restart c", want: "restart controller-^", cands: []string{"controller-1", "controller-2"}},
		{name: "nothing after the broker", line: "stop broker-1 ", want: "stop broker-1 ^"},
		{name: "consumer sub-commands", line: "consumer ", want: "consumer ^", cands: []string{"crash", "restart", "start", "stop"}},
		{name: "consumer sub-command", line: "consumer cr", want: "consumer crash ^", cands: []string{"crash"}},
		{name: "consumer name", line: "consumer stop ", want: "consumer stop c^", cands: []string{"c1", "c2"}},
		{name: "no name for a new consumer", line: "consumer start ", want: "consumer start ^"},
		{name: "consumer start options", line: "consumer start c3 --gr", want: "consumer start c3 --group ^", cands: []string{"--group"}},
		{name: "consumer start group", line: "consumer start c3 --group sh", want: "consumer start c3 --group shipping ^", cands: []string{"shipping"}},
		{name: "consumer start topic", line: "consumer start c3 --group g --topic pay", want: "consumer start c3 --group g --topic payments ^", cands: []string{"payments"}},
		{name: "consumer commit mode", line: "consumer start c3 --commit af", want: "consumer start c3 --commit after ^", cands: []string{"after"}},
		{name: "no node for --assignor A", line: "consumer start c3 --assignor b", want: "consumer start c3 --assignor b^"},
		{name: "producer sub-commands", line: "producer st", want: "producer st^", cands: []string{"start", "stop"}},
		{name: "producer name", line: "producer stop ", want: "producer stop p1 ^", cands: []string{"p1"}},
		{name: "producer acks", line: "producer start p2 --topic orders --acks a", want: "producer start p2 --topic orders --acks all ^", cands: []string{"all"}},
		{name: "run idle", line: "run i", want: "run idle ^", cands: []string{"idle"}},
		{name: "move-leader topic", line: "move-leader pay", want: "move-leader payments ^", cands: []string{"payments"}},
		{name: "move-leader broker", line: "move-leader payments 0 broker-3", want: "move-leader payments 0 broker-3 ^", cands: []string{"broker-3"}},
		{name: "coordinator group", line: "coordinator billing-", want: "coordinator billing-audit ^", cands: []string{"billing-audit"}},
		{name: "cut nodes", line: "cut broker-1 con", want: "cut broker-1 controller-^", cands: []string{"controller-1", "controller-2"}},
		{name: "cut one-way", line: "cut broker-1 broker-2 --o", want: "cut broker-1 broker-2 --one-way ^", cands: []string{"--one-way"}},
		{name: "trace options", line: "trace --li", want: "trace --lifecycle ^", cands: []string{"--lifecycle"}},
		{name: "trace node", line: "trace --node broker-2", want: "trace --node broker-2 ^", cands: []string{"broker-2"}},
		{name: "ls flag", line: "ls -", want: "ls -l ^", cands: []string{"-l"}},
		{name: "help takes nothing", line: "help ", want: "help ^"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			line, cursor := tc.line, len(tc.line)
			if i := strings.IndexByte(line, '^'); i >= 0 {
				line, cursor = line[:i]+line[i+1:], i
			}
			c := Complete(line, cursor, completionNames)
			got := line[:c.From] + c.Insert + "^" + line[cursor:]
			assert.Equal(t, tc.want, got)
			if tc.anyCan {
				assert.Greater(t, len(c.Candidates), 5)
			} else {
				assert.Equal(t, tc.cands, c.Candidates)
			}
		})
	}
}

// TestCompleteOptionsFromTables checks that every option of a tool's table
// is offered, so a new option needs no second list.
func TestCompleteOptionsFromTables(t *testing.T) {
	c := Complete("kafka-topics.sh --", 18, completionNames)
	assert.Len(t, c.Candidates, len(topicsOptions))
	c = Complete("kafka-producer-perf-test.sh --", 30, completionNames)
	assert.Len(t, c.Candidates, len(producerPerfArgs)+1) // and --help
	for tool := range kafkaTools {
		if tool == "kafka-metadata-quorum" {
			continue // parses its sub-command by hand, without a table
		}
		assert.NotEmpty(t, toolOptions(tool), tool)
	}
}

// TestCompleteIsARead: completion reads only the names it is
// given, so calling it on any line leaves them as they were.
func TestCompleteIsARead(t *testing.T) {
	before := strings.Join(completionNames.Topics, ",")
	for _, line := range []string{"kafka-topics.sh --topic ", "stop ", "consumer stop "} {
		Complete(line, len(line), completionNames)
	}
	assert.Equal(t, before, strings.Join(completionNames.Topics, ","))
}

func FuzzComplete(f *testing.F) {
	for _, s := range []string{"kafka-to", "bin/kafka-topics.sh --desc", "kafka-topics.sh --topic 'or", `kafka-topics.sh --topic "a\"b`,
		"consumer start c --group ", "echo x | kafka-console-producer.sh --topic=o", "a\\\nb", "x <<EOF\ny", "crash c", "'", "--=", "ls -"} {
		f.Add(s, len(s))
	}
	f.Fuzz(func(t *testing.T, line string, cursor int) {
		c := Complete(line, cursor, completionNames)
		cur := max(0, min(cursor, len(line)))
		if c.From < 0 || c.From > cur {
			t.Fatalf("From %d outside [0, %d] for %q", c.From, cur, line)
		}
		if len(c.Candidates) == 0 && c.Insert != "" {
			t.Fatalf("Insert %q without candidates for %q", c.Insert, line)
		}
		if utf8.ValidString(line) && !utf8.ValidString(line[:c.From]) {
			t.Fatalf("From %d splits a character of %q", c.From, line)
		}
	})
}

// TestCompleteQuotesNames: a name with a character the shell reads is
// inserted quoted, in the quote the word was opened with.
func TestCompleteQuotesNames(t *testing.T) {
	names := CompletionNames{Groups: []string{"my group", `say "hi"`, "it's"}}
	for _, tc := range []struct{ line, want string }{
		{"kafka-consumer-groups.sh --group my", "kafka-consumer-groups.sh --group 'my group' "},
		{`kafka-consumer-groups.sh --group "my`, `kafka-consumer-groups.sh --group "my group" `},
		{`kafka-consumer-groups.sh --group "sa`, `kafka-consumer-groups.sh --group "say \"hi\"" `},
		{"kafka-consumer-groups.sh --group it", `kafka-consumer-groups.sh --group 'it'\''s' `},
		{`kafka-consumer-groups.sh --group my\ g`, "kafka-consumer-groups.sh --group 'my group' "},
	} {
		c := Complete(tc.line, len(tc.line), names)
		assert.Equal(t, tc.want, tc.line[:c.From]+c.Insert, tc.line)
	}
}

func BenchmarkComplete(b *testing.B) {
	for _, line := range []string{"kafka-con", "kafka-topics.sh --describe --topic ord", "consumer start c3 --group g --topic pay"} {
		b.Run(line, func(b *testing.B) {
			for b.Loop() {
				Complete(line, len(line), completionNames)
			}
		})
	}
}
