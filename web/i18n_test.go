package web

import (
	"context"
	"strings"
	"testing"
)

func TestTr(t *testing.T) {
	ctx := context.Background()
	if LangOf(ctx) != "en" || LangOf(WithLang(ctx, "fr")) != "en" || LangOf(WithLang(ctx, "zh")) != "zh" {
		t.Fatal("LangOf: only zh is not English")
	}
	if got := tr(ctx, "Send"); got != "Send" {
		t.Errorf("English: %q", got)
	}
	if got := tr(WithLang(ctx, "zh"), "Send"); got != "发送" {
		t.Errorf("Chinese: %q", got)
	}
	if got := Tr("zh", "no such string"); got != "no such string" {
		t.Errorf("a missing string stays English: %q", got)
	}
	// The sequence view's steps and phases all speak Chinese.
	for _, n := range LifecycleNames[1:] {
		if _, ok := zh[n]; !ok {
			t.Errorf("no Chinese for step %q", n)
		}
	}
	for _, p := range LifecyclePhases {
		if _, ok := zh[p.Title]; !ok {
			t.Errorf("no Chinese for phase %q", p.Title)
		}
	}
	for en := range zhViews {
		if _, dup := zh[en]; dup {
			t.Errorf("%q is in zh and zhViews: zh wins, so drop one", en)
		}
	}
	// Full-width punctuation in Chinese sentences.
	for _, table := range []map[string]string{zh, zhViews} {
		for en, s := range table {
			if strings.ContainsAny(s, ",;") || strings.Contains(s, ": ") {
				t.Errorf("half-width punctuation in %q: %q", en, s)
			}
		}
	}
}
