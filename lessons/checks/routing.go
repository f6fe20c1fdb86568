package checks

import "fmt"

// Checks and questions for the routing and ordering lessons (02, 03).
func init() {
	register(Spec{Name: "key_in_one_partition", Doc: "At least min committed records carry this key, and all of them are on one partition (so a consumer reads them in the order they were written).",
		Params: []Param{pTopic, {"key", String, true, "the records' key"}, {"min", Int, true, "the smallest number of records with the key"}},
		Eval:   keyInOnePartition})
	queries["partitions_with_records"] = Query{Name: "partitions_with_records", Doc: "How many of the topic's partitions hold at least one committed record (high watermark above the log start offset, on the leader). Answer: the number, e.g. 1.",
		Params: []Param{pTopic},
		Eval: func(w *World, p Params) (string, error) {
			parts, ok := w.partitions(p.Str("topic"))
			if !ok {
				return "", fmt.Errorf("topic %s does not exist", p.Str("topic"))
			}
			n := 0
			for _, pt := range parts {
				l, ok := w.leader(p.Str("topic"), pt.ID)
				if !ok {
					return "", fmt.Errorf("%s-%d has no leader", p.Str("topic"), pt.ID)
				}
				if l.HW > l.LogStartOffset {
					n++
				}
			}
			return fmt.Sprint(n), nil
		}}
}

func keyInOnePartition(w *World, p Params) Result {
	t, k, want := p.Str("topic"), p.Str("key"), p.Int("min", 1)
	parts, ok := w.partitions(t)
	if !ok {
		return notMet("topic %s does not exist", "主题 %s 不存在", t)
	}
	var where []int32
	total := 0
	for _, pt := range parts {
		keys, ok := w.committedKeys(t, pt.ID)
		if !ok {
			continue
		}
		n := 0
		for _, x := range keys {
			if x == k {
				n++
			}
		}
		if n > 0 {
			where = append(where, pt.ID)
			total += n
		}
	}
	if len(where) > 1 {
		return notMet("the records with key %s are spread over partitions %v of %s, so their order is lost", "键为 %s 的记录分散在 %[3]s 的分区 %[2]v 上，顺序无法保证", k, where, t)
	}
	if int64(total) < want {
		return notMet("%s holds %d committed records with key %s, the goal needs at least %d", "%s 上有 %d 条键为 %s 的已提交记录，目标至少需要 %d 条", t, total, k, want)
	}
	return met("%d records with key %s are committed, all on %s-%d, in the order they were written", "%[1]d 条键为 %[2]s 的记录已提交，全部在 %[3]s-%[4]d 上，保持写入时的顺序", total, k, t, where[0])
}
