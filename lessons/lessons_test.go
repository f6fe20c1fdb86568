package lessons

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEmbeddedLessonsLoad(t *testing.T) {
	cat, errs := Load(Files())
	require.Empty(t, errs)
	en := cat.Lessons("en")
	require.NotEmpty(t, en)
	assert.Equal(t, "01-meet-kafka", en[0].Slug)
	assert.NotEmpty(t, en[0].Title)
	assert.NotEmpty(t, en[0].Summary)
	assert.Contains(t, en[0].Body, "# Meet Kafka")

	// Every English lesson has a Chinese twin with the same slug.
	zh := cat.Lessons("zh")
	require.Len(t, zh, len(en))
	for i := range en {
		assert.Equal(t, en[i].Slug, zh[i].Slug)
		assert.Equal(t, "zh", zh[i].Language, "%s has no Chinese translation", en[i].Slug)
		assert.Equal(t, headingLevels(en[i].Body), headingLevels(zh[i].Body), "%s: the translation keeps the English headings' structure", en[i].Slug)
	}
}

// headingLevels lists the level of each Markdown heading, e.g. [1 2 2 2 2].
func headingLevels(md string) []int {
	var out []int
	for _, line := range strings.Split(md, "\n") {
		if n := len(line) - len(strings.TrimLeft(line, "#")); n > 0 && strings.HasPrefix(line[n:], " ") {
			out = append(out, n)
		}
	}
	return out
}

func TestFallbackToEnglish(t *testing.T) {
	fsys := fstest.MapFS{
		"en/01-a.md": {Data: []byte("---\ntitle: A\nsummary: s\norder: 1\nlanguage: en\n---\nbody")},
		"en/02-b.md": {Data: []byte("---\ntitle: B\nsummary: s\norder: 2\nlanguage: en\n---\nbody")},
		"zh/01-a.md": {Data: []byte("---\ntitle: 甲\nsummary: s\norder: 1\nlanguage: zh\n---\nbody")},
	}
	cat, errs := Load(fsys)
	require.Empty(t, errs)
	zh := cat.Lessons("zh")
	require.Len(t, zh, 2)
	assert.Equal(t, "甲", zh[0].Title)
	assert.Equal(t, "B", zh[1].Title)
	assert.Equal(t, "en", zh[1].Language)
}

func TestBadFilesAreReportedWithLineAndDoNotHideGoodOnes(t *testing.T) {
	for name, tc := range map[string]struct {
		src, want string
	}{
		"no front matter": {"# hello", "en/x.md:1: missing front matter"},
		"unclosed":        {"---\ntitle: t\n", "en/x.md:1: missing front matter"},
		"yaml syntax":     {"---\ntitle: t\nsummary: [oops\norder: 1\n---\n", "en/x.md:"},
		"unknown field":   {"---\ntitle: t\nsummary: s\norder: 1\nlanguage: en\ncolour: red\n---\n", "en/x.md:6: front matter: field colour not found"},
		"missing title":   {"---\nsummary: s\norder: 1\nlanguage: en\n---\n", "en/x.md:2: front matter: title is required"},
		"bad order":       {"---\ntitle: t\nsummary: s\norder: 0\nlanguage: en\n---\n", "en/x.md:4: front matter: order must be a positive number"},
		"order not int":   {"---\ntitle: t\nsummary: s\norder: first\nlanguage: en\n---\n", "en/x.md:4: front matter: cannot unmarshal"},
		"bad level":       {"---\ntitle: t\nsummary: s\norder: 1\nlevel: expert\nlanguage: en\n---\n", "en/x.md:5: front matter: level \"expert\""},
		"wrong language":  {"---\ntitle: t\nsummary: s\norder: 1\nlanguage: zh\n---\n", "en/x.md:5: front matter: language \"zh\" does not match"},
	} {
		t.Run(name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"en/x.md":    {Data: []byte(tc.src)},
				"en/good.md": {Data: []byte("---\ntitle: Good\nsummary: s\norder: 1\nlanguage: en\n---\n")},
			}
			cat, errs := Load(fsys)
			require.Len(t, errs, 1)
			assert.Contains(t, errs[0].Error(), tc.want)
			require.Len(t, cat.Lessons("en"), 1)
			assert.Equal(t, "Good", cat.Lessons("en")[0].Title)
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("---\ntitle: t\nsummary: s\norder: 1\nlanguage: en\n---\nbody"))
	f.Add([]byte("---\n---\n"))
	f.Add([]byte("---\r\ntitle: [\r\n---\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Parse("en/f.md", data)
		if err == nil && (l.Title == "" || l.Order <= 0) {
			t.Fatalf("accepted a lesson without title or order: %+v", l.Meta)
		}
	})
}

func TestMarkdownRendersAndDropsRawHTML(t *testing.T) {
	l, err := Parse("en/x.md", []byte("---\ntitle: t\nsummary: s\norder: 1\nlanguage: en\n---\n# Hi\n\n**bold** `code`\n\n<script>alert(1)</script>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"))
	require.NoError(t, err)
	assert.Contains(t, l.HTML, "<h1>Hi</h1>")
	assert.Contains(t, l.HTML, "<strong>bold</strong>")
	assert.Contains(t, l.HTML, "<table>")
	assert.NotContains(t, l.HTML, "<script>")
}

func TestLessonLookupFallsBack(t *testing.T) {
	fsys := fstest.MapFS{
		"en/01-a.md": {Data: []byte("---\ntitle: A\nsummary: s\norder: 1\nlanguage: en\n---\n")},
	}
	cat, errs := Load(fsys)
	require.Empty(t, errs)
	l, ok := cat.Lesson("zh", "01-a")
	require.True(t, ok)
	assert.Equal(t, "en", l.Language)
	_, ok = cat.Lesson("en", "nope")
	assert.False(t, ok)
}
