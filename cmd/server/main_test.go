package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestListenAddr(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	assert.Equal(t, ":8080", listenAddr(":8080", false, env(nil)))
	assert.Equal(t, ":9000", listenAddr(":8080", false, env(map[string]string{"PORT": "9000"})))
	assert.Equal(t, "127.0.0.1:7000", listenAddr("127.0.0.1:7000", true, env(map[string]string{"PORT": "9000"})), "the flag wins")
}

func TestPublicURL(t *testing.T) {
	assert.Equal(t, "http://localhost:8080", publicURL(&net.TCPAddr{IP: net.IPv6unspecified, Port: 8080}))
	assert.Equal(t, "http://localhost:80", publicURL(&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 80}))
	assert.Equal(t, "http://10.0.0.5:8080", publicURL(&net.TCPAddr{IP: net.IPv4(10, 0, 0, 5), Port: 8080}))
}

// run prints the URL it serves, answers, and returns cleanly when its context
// ends (what Ctrl-C does through signal.NotifyContext).
func TestRunServesAndShutsDownGracefully(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	outR, outW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, func(string) string { return "" }, outW, io.Discard)
		outW.Close()
	}()
	line, err := bufio.NewReader(outR).ReadString('\n')
	require.NoError(t, err)
	require.Contains(t, line, "kafkalab is serving at http://localhost:")
	url := strings.Fields(line)[4]

	resp, err := http.Get(url + "/healthz")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(15 * time.Second):
		t.Fatal("server did not shut down")
	}
	_, err = http.Get(url + "/healthz")
	assert.Error(t, err, "the listener is closed after shutdown")
}

func TestRunRejectsBadFlags(t *testing.T) {
	err := run(context.Background(), []string{"-bogus"}, func(string) string { return "" }, io.Discard, io.Discard)
	assert.Error(t, err)
	err = run(context.Background(), []string{"-addr", "256.0.0.1:99999"}, func(string) string { return "" }, io.Discard, io.Discard)
	assert.ErrorContains(t, err, "listen")
}
