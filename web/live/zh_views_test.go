package live

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/kafkalab/kafkalab/engine/lab"
	"github.com/kafkalab/kafkalab/web"
	"golang.org/x/net/html"
)

// englishRun is three English words in a row: a sentence or phrase the
// Chinese page left untranslated. Kafka's names are single tokens
// (baseOffset, CURRENT-OFFSET, __consumer_offsets) and do not match.
var englishRun = regexp.MustCompile(`[A-Za-z]{2,}[ ,:]+[a-z]{2,}[ ,:]+[a-z]{2,}`)

// TestChineseViewsHaveNoEnglishSentences renders the storage view (with a
// finished lookup), the groups view, a broker card, the replica card and
// the metrics strip in Chinese, and finds no English phrase in their text
// or tooltips.
func TestChineseViewsHaveNoEnglishSentences(t *testing.T) {
	s, err := lab.New(lab.Config{Seed: lab.DefaultSeed})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 12 {
		if _, err := s.Produce(lab.ProduceRequest{Topic: lab.DefaultTopic, Key: "k", Value: "v" + strings.Repeat("x", i), Partition: "0", Acks: "all"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.StepN(25); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.StartConsumer(lab.ConsumerRequest{Group: "billing", Topic: lab.DefaultTopic}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.StepN(400); err != nil {
		t.Fatal(err)
	}
	if err := s.BrokerFault(lab.InputCrashBroker, 3); err != nil {
		t.Fatal(err)
	}
	if _, err := s.StepN(50); err != nil {
		t.Fatal(err)
	}
	var b Builder
	base := UI{Speed: 4, Segment: -1, File: "log", Lookup: -1, StoreBroker: -1}
	storage := base
	storage.Tab, storage.StoreTopic, storage.StoreBroker, storage.Lookup, storage.LookupStep = "storage", lab.DefaultTopic, 1, 5, 99
	groups := base
	groups.Tab = "groups"
	card := base
	card.Selected = "broker-3"
	replica := base
	replica.Selected = "replica-order_events-0-b2"
	ctx := web.WithLang(context.Background(), "zh")
	for name, vm := range map[string]web.LiveVM{"storage": b.Build(s, storage), "groups": b.Build(s, groups), "card": b.Build(s, card), "replica": b.Build(s, replica)} {
		var sb strings.Builder
		// The cluster picture is another view's; the storage and groups
		// views are drawn in its place on their tabs.
		if vm.Tab != "" {
			if err := web.LiveStage(vm).Render(ctx, &sb); err != nil {
				t.Fatal(err)
			}
		}
		if err := web.SideDetails(vm).Render(ctx, &sb); err != nil {
			t.Fatal(err)
		}
		if err := web.MetricsStrip(vm.Metrics).Render(ctx, &sb); err != nil {
			t.Fatal(err)
		}
		if err := web.LiveStatus(vm.Status).Render(ctx, &sb); err != nil {
			t.Fatal(err)
		}
		if err := web.ConsumerList(vm.Consumers, "").Render(ctx, &sb); err != nil {
			t.Fatal(err)
		}
		checkChinese(t, name, sb.String())
	}
	// The lookup ran to its end and the inspector shows batches: the Go-built
	// sentences were there to translate.
	vm := b.Build(s, storage)
	if vm.Storage == nil || vm.Storage.Lookup.Answer.IsZero() || len(vm.Storage.Lookup.Steps) < 3 {
		t.Fatalf("the storage scenario has no finished lookup: %+v", vm.Storage)
	}
}

// checkChinese fails on English phrases in the text and titles of page,
// skipping what is Kafka's own: the trace's labels (the status line's last
// event), Kafka's errors, the hex dump and the inspector's fields.
func checkChinese(t *testing.T, name, page string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	skip := func(n *html.Node) bool {
		for _, a := range n.Attr {
			if a.Key == "data-testid" && (a.Val == "last-event" || a.Val == "hex" || a.Val == "hash") {
				return true
			}
			if a.Key == "class" && (a.Val == "fval" || a.Val == "fname" || a.Val == "mono" || a.Val == "bad-msg" || a.Val == "inline-error") {
				return true
			}
		}
		return false
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && skip(n) {
			return
		}
		if n.Type == html.TextNode && englishRun.MatchString(n.Data) {
			t.Errorf("%s: English in the Chinese page: %q", name, strings.TrimSpace(n.Data))
		}
		for _, a := range n.Attr {
			if (a.Key == "title" || a.Key == "aria-label") && englishRun.MatchString(a.Val) {
				t.Errorf("%s: English %s in the Chinese page: %q", name, a.Key, a.Val)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
}
