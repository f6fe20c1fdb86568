package checks

import "testing"

func mustRun(t *testing.T, w *World, script string) {
	t.Helper()
	if err := w.Run(script); err != nil {
		t.Fatalf("%v\n%s", err, w.Out.String())
	}
}

func check(t *testing.T, w *World, name string, raw map[string]any) Result {
	t.Helper()
	c, err := New(name, raw)
	if err != nil {
		t.Fatal(err)
	}
	return c.Eval(w)
}

func ask(t *testing.T, w *World, name string, raw map[string]any) string {
	t.Helper()
	a, err := NewAsk(name, raw)
	if err != nil {
		t.Fatal(err)
	}
	s, err := a.Eval(w)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestGroupChecksAndQuestions(t *testing.T) {
	w, err := NewWorld(3, 7)
	if err != nil {
		t.Fatal(err)
	}
	mustRun(t, w, `kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 2 --replication-factor 3
printf 'a\nb\nc\nd\n' | kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t
consumer start s1 --group g --topic t --assignor cooperative-sticky --static-id s1 --offset-reset earliest
run idle
run 10s`)
	if got := ask(t, w, "coordinator", map[string]any{"group": "g"}); got == "none" {
		t.Errorf("coordinator = none")
	}
	if got := ask(t, w, "generation", map[string]any{"group": "g"}); got != "1" {
		t.Errorf("generation = %s, want 1", got)
	}
	if r := check(t, w, "group_assignor", map[string]any{"assignor": "cooperative-sticky", "group": "g"}); !r.Met {
		t.Errorf("group_assignor: %s", r.Why.EN)
	}
	if r := check(t, w, "group_assignor", map[string]any{"assignor": "range", "group": "g"}); r.Met {
		t.Errorf("group_assignor range met")
	}
	if r := check(t, w, "group_generation_at_most", map[string]any{"group": "g", "max": 1}); !r.Met {
		t.Errorf("group_generation_at_most: %s", r.Why.EN)
	}
	if got := ask(t, w, "group_lag", map[string]any{"group": "g"}); got != "0" {
		t.Errorf("group_lag = %s, want 0", got)
	}
	if got := ask(t, w, "committed", map[string]any{"group": "g", "topic": "t", "partition": 0}); got == "none" {
		t.Errorf("committed = none")
	}
	if r := check(t, w, "records_redelivered", map[string]any{"group": "g", "topic": "t"}); r.Met {
		t.Errorf("records_redelivered met before any crash: %s", r.Why.EN)
	}
	if r := check(t, w, "records_skipped", map[string]any{"group": "g", "topic": "t"}); r.Met {
		t.Errorf("records_skipped met: %s", r.Why.EN)
	}
	// Rewind the group: everything is processed a second time.
	mustRun(t, w, `consumer stop s1
run 60s
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --group g --reset-offsets --to-earliest --topic t --execute
consumer restart s1
run 10s`)
	if r := check(t, w, "records_redelivered", map[string]any{"group": "g", "topic": "t"}); !r.Met {
		t.Errorf("records_redelivered not met after a rewind: %s\n%s", r.Why.EN, w.Out.String())
	}
	if got := ask(t, w, "redelivered", map[string]any{"group": "g", "topic": "t"}); got != "4" {
		t.Errorf("redelivered = %s, want 4", got)
	}
}
