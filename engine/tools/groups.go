package tools

import "errors"

// fetchMaybeGroup reads as kafka-console-consumer.sh does: as a member of
// group when one is given (--group or group.id), else in assign mode.
func fetchMaybeGroup(t *toolEnv, spec FetchSpec, group string, hasGroup bool) ([]ConsumedRecord, error) {
	if !hasGroup {
		return t.cluster.Fetch(spec)
	}
	gc, ok := t.cluster.(GroupCluster)
	if !ok {
		return nil, errNoGroups
	}
	return gc.GroupFetch(spec, group)
}

var errNoGroups = errors.New("lab: this cluster has no consumer groups")
