package checks

import "testing"

func TestRetentionChecksAndQuestion(t *testing.T) {
	w, err := NewWorld(3, 7)
	if err != nil {
		t.Fatal(err)
	}
	mustRun(t, w, `kafka-topics.sh --bootstrap-server localhost:9092 --create --topic m --partitions 1 --replication-factor 3 --config retention.ms=60000
run idle
printf 'metric-%d cpu=42\n' 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 | kafka-console-producer.sh --bootstrap-server localhost:9092 --topic m --sync`)
	p := map[string]any{"topic": "m", "partition": 0}
	with := func(k string, v int) map[string]any {
		out := map[string]any{k: v}
		for a, b := range p {
			out[a] = b
		}
		return out
	}
	if got := ask(t, w, "log_start_offset", p); got != "0" {
		t.Fatalf("log_start_offset = %s before retention, want 0", got)
	}
	if r := check(t, w, "log_start_offset_at_least", with("offset", 1)); r.Met {
		t.Errorf("log_start_offset_at_least met before retention: %s", r.Why.EN)
	}
	if r := check(t, w, "segment_count_at_most", with("n", 1)); r.Met {
		t.Errorf("segment_count_at_most 1 met with several segments: %s", r.Why.EN)
	}
	if r := check(t, w, "segment_count_at_most", with("n", 10)); !r.Met {
		t.Errorf("segment_count_at_most 10: %s", r.Why.EN)
	}

	// The retention task (every 300000 ms) finds every segment past
	// retention.ms: it rolls an empty active segment at the log end offset
	// and deletes the rest, on every replica.
	mustRun(t, w, "run 300s")
	if got := ask(t, w, "log_start_offset", p); got != "30" {
		t.Fatalf("log_start_offset = %s after retention, want 30\n%s", got, w.Out.String())
	}
	if r := check(t, w, "log_start_offset_at_least", with("offset", 30)); !r.Met {
		t.Errorf("log_start_offset_at_least 30: %s", r.Why.EN)
	}
	if r := check(t, w, "log_start_offset_at_least", with("offset", 31)); r.Met {
		t.Errorf("log_start_offset_at_least 31 met: %s", r.Why.EN)
	}
	if r := check(t, w, "segment_count_at_most", with("n", 1)); !r.Met {
		t.Errorf("segment_count_at_most 1: %s", r.Why.EN)
	}
	// A follower's replica, named by broker, was trimmed the same way.
	for _, b := range []int{1, 2, 3} {
		q := with("offset", 30)
		q["broker"] = b
		if r := check(t, w, "log_start_offset_at_least", q); !r.Met {
			t.Errorf("broker %d: %s", b, r.Why.EN)
		}
	}
	q := with("offset", 0)
	q["broker"] = 9
	if r := check(t, w, "log_start_offset_at_least", q); r.Met {
		t.Errorf("a missing replica met the check")
	}
}
