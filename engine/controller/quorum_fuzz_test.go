package controller_test

import (
	"testing"

	"github.com/kafkalab/kafkalab/engine/controller"
	"github.com/kafkalab/kafkalab/engine/protocol"
	"github.com/kafkalab/kafkalab/engine/sim"
)

// FuzzQuorumMessages sends controller-1 any sequence of quorum messages
// from its two fellow voters (decoded from the fuzz input, however wrong or
// out of order) with time passing between them, and checks that it never
// panics and keeps its local invariants: the high watermark within the log,
// a standby's image at the high watermark, the active controller's at the
// log end, and the image always the replay of the log up to there.
func FuzzQuorumMessages(f *testing.F) {
	f.Add([]byte{2, 1, 1, 0, 0, 4, 1, 1, 3, 2, 3, 1, 1, 0, 3, 5, 0, 0, 0, 0})
	f.Add([]byte{0, 1, 1, 0, 0, 1, 2, 1, 1, 1, 4, 2, 1, 2, 1, 3, 1, 2, 2, 4, 6, 0, 0, 0})
	f.Add([]byte{5, 0, 0, 0, 0, 1, 1, 1, 1, 1, 3, 1, 1, 1, 2, 4, 9, 9, 9, 9})
	f.Fuzz(checkQuorumMessages)
}

func checkQuorumMessages(t *testing.T, in []byte) {
	{
		if len(in) > 4000 {
			return
		}
		h := newQuorumHarness(t)
		require := func(ok bool, format string, args ...any) {
			if !ok {
				t.Fatalf(format, args...)
			}
		}
		if err := h.s.Do("controller-1", "start controller-1", h.c.Start); err != nil {
			t.Fatal(err)
		}
		next := func() int32 {
			if len(in) == 0 {
				return 0
			}
			b := in[0]
			in = in[1:]
			return int32(b % 8)
		}
		for len(in) > 0 {
			kind, from := next(), h.c2
			if next()%2 == 1 {
				from = h.c3
			}
			id := int32(3001)
			if from == h.c3 {
				id = 3002
			}
			epoch, a, b := next(), next(), int64(next())
			var api string
			var body any
			switch kind % 6 {
			case 0:
				api, body = protocol.APIVote, &protocol.VoteRequest{CandidateEpoch: epoch, CandidateID: id, LastOffsetEpoch: a, LastOffset: b}
			case 1:
				api, body = protocol.Response(protocol.APIVote), &protocol.VoteResponse{LeaderEpoch: epoch, LeaderID: a%4 + 2999, VoteGranted: b%2 == 0}
			case 2:
				api, body = protocol.APIBeginQuorumEpoch, &protocol.BeginQuorumEpochRequest{LeaderEpoch: epoch, LeaderID: id}
			case 3:
				api, body = protocol.APIQuorumFetch, &protocol.QuorumFetchRequest{ReplicaID: id, CurrentLeaderEpoch: epoch, FetchOffset: b - 1, LastFetchedEpoch: a, MaxWaitMs: 500}
			case 4:
				var recs []protocol.MetadataRecord
				end := h.c.EndOffset()
				for i := range int64(a) {
					r := registerRec(int32(i%3+1), epoch)
					r.Offset = end + i - b%2
					recs = append(recs, r)
				}
				api, body = protocol.Response(protocol.APIQuorumFetch), &protocol.QuorumFetchResponse{LeaderEpoch: epoch, LeaderID: id, HighWatermark: end + b - 3, Records: recs, DivergingEndOffset: -1}
			default:
				api, body = protocol.Response(protocol.APIQuorumFetch), &protocol.QuorumFetchResponse{LeaderEpoch: epoch, LeaderID: id, HighWatermark: b, DivergingEpoch: a, DivergingEndOffset: b}
			}
			if err := h.s.Do(from.id, "send "+api, func(env *sim.Env) {
				env.Send(sim.Message{To: "controller-1", API: api, Body: body, Label: api})
			}); err != nil {
				t.Fatal(err)
			}
			if err := h.s.RunFor(int64(next())*300+1, 100_000); err != nil {
				t.Fatal(err)
			}
			hw, end := h.c.HighWatermark(), h.c.EndOffset()
			require(0 <= hw && hw <= end, "high watermark %d, log end %d", hw, end)
			digest, imageEnd := h.c.ImageDigest()
			if h.c.Active() {
				require(imageEnd == end, "active: image at %d, log end %d", imageEnd, end)
			} else {
				require(imageEnd == hw, "standby: image at %d, high watermark %d", imageEnd, hw)
			}
			require(digest == controller.ReplayDigest(h.c.Log()[:imageEnd]), "the image is not the replay of the log's first %d records", imageEnd)
		}
	}
}
