package web

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

// TestPageShellSpeaksTheLanguage: the header, the footer and the theme
// toggle follow the page's language, and carry both languages for lab.js's
// toggle.
func TestPageShellSpeaksTheLanguage(t *testing.T) {
	for _, tc := range []struct {
		lang, lessons, lab, footer, theme, lessonsHref string
	}{
		{"en", "Lessons", "Lab", "kafkalab runs a Kafka broker engine", "◐ Dark", "/"},
		{"zh", "课程", "实验室", "kafkalab 在你的浏览器里运行", "◐ 深色", "/?lang=zh"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			for name, page := range map[string]*html.Node{
				"lab":    render(t, Lab(LabVM{Lang: tc.lang})),
				"lesson": render(t, LessonPage(LessonPageVM{Lang: tc.lang, Step: &LessonStepVM{Number: 1}, Lab: &LessonLabVM{Slug: "x", Step: 1}})),
			} {
				one := func(id string) *html.Node {
					n := find(page, id)
					require.Len(t, n, 1, "%s: %s", name, id)
					return n[0]
				}
				assert.Equal(t, tc.lessons, textOf(one("nav-lessons")), name)
				assert.Equal(t, tc.lessonsHref, attr(one("nav-lessons"), "href"), name)
				assert.Equal(t, tc.lab, textOf(one("nav-lab")), name)
				assert.Contains(t, textOf(one("site-footer")), tc.footer, name)
				assert.Equal(t, tc.theme, textOf(one("theme-toggle")), name)
				for _, id := range []string{"nav-lessons", "nav-lab", "site-footer"} {
					assert.Equal(t, Tr("zh", attr(one(id), "data-en")), attr(one(id), "data-zh"), "%s: %s", name, id)
					assert.NotEqual(t, attr(one(id), "data-en"), attr(one(id), "data-zh"), "%s: %s has no Chinese", name, id)
				}
			}
		})
	}
}
