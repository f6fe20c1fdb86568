package web

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// Standard error is drawn in its own span, in place: the text reads as the
// terminal printed it, and only the stderr runs carry term-err.
func TestTerminalStylesStderrInOrder(t *testing.T) {
	out := "a\n[WARN] x\nb\nProcessed a total of 1 messages\n"
	e := TermEntryVM{Script: "kafka-console-consumer.sh", Output: out,
		Stderr: []TermSpan{{2, 11}, {13, len(out)}, {5, 7}, {40, 99}}} // the last two are bogus
	doc := render(t, TerminalOutput(TerminalVM{Entries: []TermEntryVM{e}}))
	texts := find(doc, "term-text")
	require.Len(t, texts, 1)
	require.Equal(t, out, textOf(texts[0]), "the output reads unchanged")
	var errs []string
	for _, n := range find(doc, "term-err") {
		require.Equal(t, "term-err", attr(n, "class"))
		errs = append(errs, textOf(n))
	}
	require.Equal(t, []string{"[WARN] x\n", "Processed a total of 1 messages\n"}, errs)
}

func TestSegmentsWithoutStderr(t *testing.T) {
	require.Equal(t, []TermSeg{{Text: "ok\n"}}, TermEntryVM{Output: "ok\n"}.Segments())
	require.Empty(t, TermEntryVM{}.Segments())
}
