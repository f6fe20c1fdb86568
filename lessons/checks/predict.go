package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kafkalab/kafkalab/engine/partitioner"
	"github.com/kafkalab/kafkalab/engine/slicesort"
)

// A Query computes the answer to a predict question from the cluster: the
// engine, not the lesson, knows the answer.
type Query struct {
	Name   string
	Doc    string
	Params []Param
	Eval   func(w *World, p Params) (string, error)
	Replay bool // as Spec.Replay
}

var queries = map[string]Query{}

// LookupQuery returns the query named name.
func LookupQuery(name string) (Query, bool) {
	q, ok := queries[name]
	q.Replay = q.Replay || replayed[name]
	return q, ok
}

// Replays reports whether the question must be answered on a replayed copy
// of a live run (Spec.Replay).
func (a Ask) Replays() bool { q, ok := LookupQuery(a.Name); return !ok || q.Replay }

// Queries returns every query, sorted by name.
func Queries() []Query {
	var out []Query
	for _, q := range queries {
		out = append(out, q)
	}
	slicesort.Func(out, func(a, b Query) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// An Ask is one query with validated parameters.
type Ask struct {
	Name   string
	Params Params
}

// NewAsk validates a predict question's query and parameters.
func NewAsk(name string, raw map[string]any) (Ask, error) {
	q, ok := LookupQuery(name)
	if !ok {
		var names []string
		for _, q := range Queries() {
			names = append(names, q.Name)
		}
		return Ask{}, fmt.Errorf("unknown question %q (known: %s)", name, strings.Join(names, ", "))
	}
	p, err := validate(name, q.Params, raw)
	if err != nil {
		return Ask{}, err
	}
	return Ask{Name: name, Params: p}, nil
}

// Eval computes the answer on w.
func (a Ask) Eval(w *World) (string, error) {
	q, ok := LookupQuery(a.Name)
	if !ok {
		return "", fmt.Errorf("unknown question %q", a.Name)
	}
	return q.Eval(w, a.Params)
}

func init() {
	q := func(x Query) { queries[x.Name] = x }
	q(Query{Name: "partition_for_key", Doc: "The partition the default partitioner picks for the key: murmur2(key) mod the topic's partition count. Answer: the number, e.g. 2.",
		Params: []Param{pTopic, {"key", String, true, "the record's key"}},
		Eval: func(w *World, p Params) (string, error) {
			parts, ok := w.partitions(p.Str("topic"))
			if !ok || len(parts) == 0 {
				return "", fmt.Errorf("topic %s does not exist", p.Str("topic"))
			}
			return fmt.Sprint(partitioner.ForKey([]byte(p.Str("key")), len(parts))), nil
		}})
	q(Query{Name: "leader", Doc: "The partition's leader. Answer: broker-N, or none.",
		Params: []Param{pTopic, pPartition},
		Eval: func(w *World, p Params) (string, error) {
			pt, r, ok := w.part(p.Str("topic"), int32(p.Int("partition", 0)))
			if !ok {
				return "", fmt.Errorf("%s", r.Why.EN)
			}
			return brokerName(pt.Leader), nil
		}})
	q(Query{Name: "isr", Doc: "The partition's in-sync replicas, ascending. Answer: e.g. 1,3.",
		Params: []Param{pTopic, pPartition},
		Eval: func(w *World, p Params) (string, error) {
			pt, r, ok := w.part(p.Str("topic"), int32(p.Int("partition", 0)))
			if !ok {
				return "", fmt.Errorf("%s", r.Why.EN)
			}
			isr := slices.Clone(pt.ISR)
			slices.Sort(isr)
			var s []string
			for _, b := range isr {
				s = append(s, fmt.Sprint(b))
			}
			return strings.Join(s, ","), nil
		}})
	q(Query{Name: "high_watermark", Doc: "The partition's high watermark on its leader. Answer: the offset, e.g. 3.",
		Params: []Param{pTopic, pPartition},
		Eval: func(w *World, p Params) (string, error) {
			l, ok := w.leader(p.Str("topic"), int32(p.Int("partition", 0)))
			if !ok {
				return "", fmt.Errorf("%s-%d has no leader", p.Str("topic"), p.Int("partition", 0))
			}
			return fmt.Sprint(l.HW), nil
		}})
	q(Query{Name: "idle_consumers", Doc: "How many running members of the group own no partition. Answer: the number.",
		Params: []Param{pGroup},
		Eval: func(w *World, p Params) (string, error) {
			n := 0
			for _, c := range w.C.Consumers() {
				if c.Group == p.Str("group") && c.Running && len(c.Assignment) == 0 {
					n++
				}
			}
			return fmt.Sprint(n), nil
		}})
	q(Query{Name: "assignment", Doc: "The partitions a lab consumer owns, sorted. Answer: e.g. orders-0,orders-2, or none.",
		Params: []Param{{"consumer", String, true, "the lab consumer's name"}},
		Eval: func(w *World, p Params) (string, error) {
			for _, c := range w.C.Consumers() {
				if c.Name == p.Str("consumer") {
					a := slices.Clone(c.Assignment)
					slices.Sort(a)
					if len(a) == 0 {
						return "none", nil
					}
					return strings.Join(a, ","), nil
				}
			}
			return "", fmt.Errorf("no consumer %s", p.Str("consumer"))
		}})
	q(Query{Name: "write_lost", Doc: "Whether any acknowledged write to the topic was lost. Answer: yes or no.",
		Params: []Param{pTopicOpt},
		Eval: func(w *World, p Params) (string, error) {
			if len(w.Lost(p.Str("topic"))) > 0 {
				return "yes", nil
			}
			return "no", nil
		}})
	q(Query{Name: "segments", Doc: "How many segments the partition's leader replica has. Answer: the number.",
		Params: []Param{pTopic, pPartition},
		Eval: func(w *World, p Params) (string, error) {
			l, ok := w.leader(p.Str("topic"), int32(p.Int("partition", 0)))
			if !ok {
				return "", fmt.Errorf("no leader")
			}
			return fmt.Sprint(l.Segments), nil
		}})
}
