package tools

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kafkalab/kafkalab/engine/sim"
	"github.com/kafkalab/kafkalab/engine/tools/toolsapi"
	"github.com/stretchr/testify/require"
)

// panelFake records the panel calls it receives.
type panelFake struct {
	*fakeCluster
	calls []string
}

func (p *panelFake) PanelProduce(topic string, key, value []byte, partition int32, acks int16, newProducer bool) error {
	k := "null"
	if key != nil {
		k = fmt.Sprintf("%q", key)
	}
	p.calls = append(p.calls, fmt.Sprintf("produce %s key=%s value=%q p=%d acks=%d new=%v", topic, k, value, partition, acks, newProducer))
	return nil
}

func (p *panelFake) PanelBroker(action string, id int32) error {
	p.calls = append(p.calls, fmt.Sprintf("broker %s %d", action, id))
	return nil
}

func (p *panelFake) PanelConsumer(action string, m toolsapi.PanelConsumer) error {
	p.calls = append(p.calls, fmt.Sprintf("consumer %s %+v", action, m))
	return nil
}

func (p *panelFake) PanelCreateTopic(req toolsapi.CreateTopic) error {
	p.calls = append(p.calls, fmt.Sprintf("create %s %d %d %v", req.Name, req.Partitions, req.ReplicationFactor, req.Configs))
	return nil
}

func (p *panelFake) PanelLink(action string, from, to sim.NodeID, oneWay bool, delayMs int64) error {
	if from == "nowhere" {
		return fmt.Errorf("no node %s", from)
	}
	p.calls = append(p.calls, fmt.Sprintf("link %s %s %s oneWay=%v ms=%d", action, from, to, oneWay, delayMs))
	return nil
}

func (p *panelFake) PanelDrop(id uint64) error {
	p.calls = append(p.calls, fmt.Sprintf("drop %d", id))
	return nil
}

func runPanelScript(t *testing.T, script string) (*panelFake, string, int) {
	t.Helper()
	p := &panelFake{fakeCluster: newFakeCluster(3)}
	var out strings.Builder
	r := NewRunner(p, &out)
	r.NoEcho = true
	res, err := r.RunScript(script)
	require.NoError(t, err)
	return p, out.String(), res[len(res)-1].Status
}

// Each panel line reaches the matching PanelControl call with its values.
func TestPanelCommandCalls(t *testing.T) {
	p, out, status := runPanelScript(t, `panel produce --topic orders --key 'user 2' --value v --acks all --new-producer
panel produce --topic orders --null-key --value '' --partition 2 --acks 0
panel produce --topic orders --key k --value v
panel crash broker-2
panel shutdown broker-3
panel consumer start c1 --group g --topic orders --assignor sticky --static-id pod-1 --commit none
panel consumer crash c1
panel create-topic t --partitions 2 --replication-factor 1 --config a=1 --config b=2
panel cut broker-1 controller --one-way
panel slow broker-1 broker-2 2s
panel drop '#17'
`)
	require.Zero(t, status, out)
	require.Equal(t, []string{
		`produce orders key="user 2" value="v" p=-1 acks=-1 new=true`,
		`produce orders key=null value="" p=2 acks=0 new=false`,
		`produce orders key="k" value="v" p=-1 acks=-1 new=false`,
		"broker crash 2",
		"broker shutdown 3",
		"consumer start {Name:c1 Group:g Topic:orders Assignor:sticky StaticID:pod-1 Commit:none}",
		"consumer crash {Name:c1 Group: Topic: Assignor: StaticID: Commit:}",
		"create t 2 1 [a=1 b=2]",
		"link cut broker-1 controller oneWay=true ms=0",
		"link slow broker-1 broker-2 oneWay=false ms=2000",
		"drop 17",
	}, p.calls)
}

// A panel line that cannot be read is a usage error (status 2) that says
// what is wrong and calls nothing; a refused input is status 1.
func TestPanelCommandErrors(t *testing.T) {
	for _, tc := range []struct{ script, want string }{
		{"panel", "usage: panel produce"},
		{"panel launch", `unknown panel input "launch"`},
		{"panel produce --topic t --value v", "--key K or --null-key"},
		{"panel produce --topic t --key k --null-key --value v", "--key K or --null-key"},
		{"panel produce --key k --value v", "needs --topic"},
		{"panel produce --topic t --key k", "needs --value"},
		{"panel produce --topic t --key k --value v --acks 2", `--acks is all, 1 or 0, got "2"`},
		{"panel produce --topic t --key k --value v --partition -1", "is not a partition number"},
		{"panel produce --topic t --topic u --key k --value v", "--topic is given twice"},
		{"panel produce --topic t --key k --value", "--value needs a value"},
		{"panel crash 2", `"2" is not a broker: write broker-N`},
		{"panel crash broker-0", "is not a broker"},
		{"panel pause broker-1 broker-2", "takes one broker"},
		{"panel consumer start c1 --topic t", "needs --group"},
		{"panel consumer start c1 --group g", "needs --topic"},
		{"panel consumer stop c1 --now", "takes only the member's name"},
		{"panel consumer pause c1", `consumer "pause"`},
		{"panel create-topic --partitions 1", "needs the topic's name"},
		{"panel create-topic t --partitions x --replication-factor 1", "needs --partitions N"},
		{"panel create-topic t --partitions 1", "needs --replication-factor N"},
		{"panel cut broker-1", "cut A B [--one-way]"},
		{"panel slow broker-1 broker-2", "slow A B 200ms"},
		{"panel slow broker-1 broker-2 fast", `invalid duration "fast"`},
		{"panel drop x", `"x" is not a message id`},
	} {
		p, out, status := runPanelScript(t, tc.script)
		require.Equal(t, 2, status, tc.script)
		require.Contains(t, out, tc.want, tc.script)
		require.Empty(t, p.calls, tc.script)
	}
	_, out, status := runPanelScript(t, "panel cut nowhere broker-1")
	require.Equal(t, 1, status)
	require.Contains(t, out, "panel cut: no node nowhere")

	var buf strings.Builder
	r := NewRunner(newFakeCluster(3), &buf)
	r.NoEcho = true
	res, err := r.RunScript("panel crash broker-1")
	require.NoError(t, err)
	require.Equal(t, 1, res[0].Status)
	require.Contains(t, buf.String(), "this cluster has no lab panels")
}

// Any panel line is read without a panic: either it makes exactly one
// call (status 0) or it is a usage error (status 2) that makes none.
func FuzzPanelCommand(f *testing.F) {
	for _, seed := range []string{
		"panel produce --topic t --key k --value v --acks all --new-producer",
		"panel produce --topic t --null-key --value '' --partition 2 --acks 0",
		"panel consumer start c1 --group g --topic t --commit after",
		"panel create-topic t --partitions 3 --replication-factor 3 --config min.insync.replicas=2",
		"panel slow broker-1 controller 250ms --one-way",
		"panel drop '#12'", "panel restart broker-2", "panel", "panel produce --acks",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, line string) {
		cmds, err := Parse(line)
		if err != nil || len(cmds) != 1 || cmds[0].Name != "panel" {
			return
		}
		p := &panelFake{fakeCluster: newFakeCluster(3)}
		var out strings.Builder
		r := NewRunner(p, &out)
		status := r.Exec(cmds[0])
		switch status {
		case 0:
			require.Len(t, p.calls, 1, out.String())
		case 1:
			require.Empty(t, p.calls)
		default:
			require.Equal(t, 2, status, out.String())
			require.Empty(t, p.calls)
			require.Contains(t, out.String(), "usage: panel")
		}
	})
}
