package tools

import (
	"fmt"
	"strconv"
	"strings"
)

// BasePort is the port of broker 1; broker n listens on BasePort+n−1, so
// localhost:9092 is broker 1 and broker-3:9094 is broker 3.
const BasePort = 9092

// brokerPort is the port broker b listens on in the lab: BasePort+id−1, so
// that every broker has its own port on localhost.
func brokerPort(b BrokerInfo) int32 { return BasePort + b.ID - 1 }

// An address is one host:port of a --bootstrap-server list.
type address struct {
	host string
	port int32
}

func (a address) String() string { return a.host + ":" + strconv.Itoa(int(a.port)) }

// splitBootstrap splits a --bootstrap-server value into host:port pairs. It
// fails, as ToolsUtils.validateBootstrapServer does, when the list is empty or
// any entry lacks a numeric port.
func splitBootstrap(list string) ([]address, error) {
	if strings.TrimSpace(list) == "" {
		return nil, errEmptyBootstrap
	}
	var out []address
	for _, hp := range strings.Split(list, ",") {
		hp = strings.TrimSpace(hp)
		i := strings.LastIndexByte(hp, ':')
		if i <= 0 {
			return nil, errBadBootstrap
		}
		p, err := strconv.ParseInt(hp[i+1:], 10, 32)
		if err != nil || p < 0 || p > 65535 {
			return nil, errBadBootstrap
		}
		out = append(out, address{host: strings.Trim(hp[:i], "[]"), port: int32(p)})
	}
	return out, nil
}

// The messages of ToolsUtils.validateBootstrapServer.
var (
	errEmptyBootstrap = fmt.Errorf("Error while validating the bootstrap address\n")
	errBadBootstrap   = fmt.Errorf("Please provide valid host:port like host1:9091,host2:9092\n")
)

// matchBroker returns the broker an address names: "localhost", "127.0.0.1"
// or "::1" with the broker's port BasePort+id−1, or the broker's host name
// ("broker-<id>") with that port or the port the cluster reports for it.
func matchBroker(a address, brokers []BrokerInfo) (BrokerInfo, bool) {
	for _, b := range brokers {
		switch a.host {
		case "localhost", "127.0.0.1", "::1":
			if a.port == brokerPort(b) {
				return b, true
			}
		case b.Host, "broker-" + strconv.Itoa(int(b.ID)):
			if a.port == brokerPort(b) || b.Port > 0 && a.port == b.Port {
				return b, true
			}
		}
	}
	return BrokerInfo{}, false
}

// connect checks a --bootstrap-server list against the lab's brokers, as a
// Kafka client's first connection would: it succeeds if any address names a
// broker that is up. Otherwise it writes the client's connection warning and
// the lab's explanation to stderr and returns false. Kafka's client would
// instead keep retrying until its timeout (a deliberate difference).
func connect(t *toolEnv, addrs []address, client string) bool {
	brokers := t.cluster.Brokers()
	for _, a := range addrs {
		if b, ok := matchBroker(a, brokers); ok && b.Up {
			return true
		}
	}
	for _, a := range addrs {
		host := a.host
		if host == "localhost" {
			host = "localhost/127.0.0.1"
		}
		logLine(t.stderr, t.cluster.Now(), "WARN",
			fmt.Sprintf("[%s] Connection to node -1 (%s:%d) could not be established. Node may not be available.", client, host, a.port),
			"org.apache.kafka.clients.NetworkClient")
	}
	fmt.Fprintf(t.stderr, "lab: no running broker at %s; the lab's brokers are %s. Kafka's tool would keep retrying until it timed out.\n",
		joinAddrs(addrs), describeBrokers(brokers))
	return false
}

func joinAddrs(addrs []address) string {
	s := make([]string, len(addrs))
	for i, a := range addrs {
		s[i] = a.String()
	}
	return strings.Join(s, ",")
}

// describeBrokers lists the brokers for a learner:
// "broker-1:9092 (localhost:9092), broker-2:9093 (down) …".
func describeBrokers(brokers []BrokerInfo) string {
	if len(brokers) == 0 {
		return "none"
	}
	s := make([]string, len(brokers))
	for i, b := range brokers {
		s[i] = fmt.Sprintf("broker-%d:%d (localhost:%d)", b.ID, brokerPort(b), brokerPort(b))
		if !b.Up {
			s[i] += " [down]"
		}
	}
	return strings.Join(s, ", ")
}
