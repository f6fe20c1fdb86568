package tools

import (
	"fmt"
	"io"
	"strconv"
)

// appProduce runs "app-produce TOPIC VALUE...": each value is a record with a
// null key, sent by the application producer; it prints each record's
// delivery report as an application's send callback might.
func (r *Runner) appProduce(cmd Command, w io.Writer) int {
	if len(cmd.Args) < 2 {
		return labUsage(w, cmd.Name)
	}
	ap, ok := r.Cluster.(AppProducer)
	if !ok {
		return labFail(w, cmd.Name, fmt.Errorf("this cluster has no application producer yet"))
	}
	topic := cmd.Args[0]
	recs := make([]ProducerRecord, 0, len(cmd.Args)-1)
	for _, v := range cmd.Args[1:] {
		recs = append(recs, ProducerRecord{Value: []byte(v), Partition: -1})
	}
	reports, err := ap.AppProduce(topic, recs)
	if err != nil {
		return labFail(w, cmd.Name, err)
	}
	status := 0
	for i, rep := range reports {
		v := strconv.Quote(cmd.Args[1+i])
		if rep.Err != nil {
			fmt.Fprintf(w, "app-producer: %s failed: %v\n", v, rep.Err)
			status = 1
			continue
		}
		fmt.Fprintf(w, "app-producer: %s → %s-%d offset %d\n", v, rep.Topic, rep.Partition, rep.Offset)
	}
	return status
}
