// Package kerr holds Kafka's protocol error codes as typed Go errors.
//
// Each Kafka error code (org.apache.kafka.common.protocol.Errors in the Java
// client) is one *Error value with its name, numeric code, whether a client may
// retry it, and Kafka's own one-line description. Engine packages return these
// values (wrapped with context via fmt.Errorf("...: %w", kerr.X)) so that callers
// can test with errors.Is, the UI can print the name a learner will later see in
// real Kafka logs, and the command-line tools can print Kafka's exact wording.
package kerr
