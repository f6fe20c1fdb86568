package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// topicDir holds one script per lesson topic of the articles (see
// /work/shared/seeds), each run as a learner would run it:
//
//	kafkalab -seed 1 -brokers 3
//	SCRIPT
//	----
//	TRANSCRIPT
//
// The directive is kafkalab's command line without SCRIPT; the block's input
// is given as standard input ("-"), and the expected output is kafkalab's
// stdout, then its stderr after "stderr:", then "[kafkalab exit status N]"
// when it is not 0. "-data-dir TMP" is a fresh temporary directory. go test
// -rewrite records the transcripts; review the diff against Kafka.
const topicDir = "testdata/topics"

func TestTopics(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(topicDir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no topic scripts in %s: %v", topicDir, err)
	}
	if _, err := newCluster(clusterConfig{Seed: 1, Brokers: 3}); errors.Is(err, errNoCluster) {
		t.Skip("no cluster")
	}
	for _, path := range files {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txt"), func(t *testing.T) {
			replay(t, path, nil)
		})
	}
}

// replay runs the blocks of a topic script and compares (or, with -rewrite,
// records) their transcripts. check, if not nil, is called after each block
// with the block's -data-dir (or "").
func replay(t *testing.T, path string, check func(t *testing.T, dataDir string)) {
	blocks, trailer := parseBlocks(t, path)
	var doc strings.Builder
	for _, b := range blocks {
		fields := strings.Fields(b.directive)
		if fields[0] != "kafkalab" {
			t.Fatalf("%s: unknown directive %q", path, b.directive)
		}
		args := fields[1:]
		dataDir := ""
		for i, a := range args {
			if a == "TMP" && i > 0 && args[i-1] == "-data-dir" {
				dataDir = t.TempDir()
				args = append(args[:i:i], append([]string{dataDir}, args[i+1:]...)...)
			}
		}
		var stdout, stderr bytes.Buffer
		status := run(append(args, "-"), strings.NewReader(b.input+"\n"), &stdout, &stderr)
		got := stdout.String()
		if stderr.Len() > 0 {
			got += "stderr:\n" + stderr.String()
		}
		if status != 0 {
			got += fmt.Sprintf("[kafkalab exit status %d]\n", status)
		}
		if !*rewrite && got != b.want {
			t.Errorf("%s: %s\ngot:\n%s\nwant:\n%s", path, b.directive, got, b.want)
		}
		if check != nil {
			check(t, dataDir)
		}
		for _, p := range b.pre {
			doc.WriteString(p + "\n")
		}
		doc.WriteString(b.directive + "\n" + b.input + "\n")
		if strings.Contains(got, "\n\n") {
			doc.WriteString("----\n----\n" + got + "----\n----\n")
		} else {
			doc.WriteString("----\n" + got)
		}
	}
	if trailer != "" {
		doc.WriteString(trailer + "\n")
	}
	if *rewrite {
		if err := os.WriteFile(path, []byte(doc.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestGolden replays the golden transcripts of each tool under
// testdata/golden, whose comments name the Kafka source each format comes
// from, and the bad-input matrix, in the topic scripts' format.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/golden/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden transcripts: %v", err)
	}
	if _, err := newCluster(clusterConfig{Seed: 1, Brokers: 3}); errors.Is(err, errNoCluster) {
		t.Skip("no cluster")
	}
	for _, path := range files {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txt"), func(t *testing.T) {
			replay(t, path, nil)
		})
	}
}
