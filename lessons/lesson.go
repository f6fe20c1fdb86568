package lessons

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"go.yaml.in/yaml/v3"

	"github.com/kafkalab/kafkalab/engine/slicesort"
)

// Languages the lab ships, in fallback order: a lesson missing in the learner's
// language is shown in English.
var Languages = []string{"en", "zh"}

// Levels a lesson may declare.
var Levels = []string{"beginner", "intermediate", "advanced"}

// A Lesson is one parsed lesson file.
type Lesson struct {
	Slug     string // file name without extension, e.g. "01-meet-kafka"
	Language string // "en" or "zh", from the folder and the front matter
	Path     string // path within the lesson files, for error messages
	Meta
	Body string // the Markdown after the front matter
	HTML string // Body rendered to HTML without its check, predict and exercise blocks; raw HTML in the Markdown is dropped

	IntroHTML string // the Markdown before the first step, rendered
	Steps     []Step // the "## " sections, in order
}

// Meta is a lesson's front matter.
type Meta struct {
	Title    string `yaml:"title"`
	Summary  string `yaml:"summary"`
	Order    int    `yaml:"order"`
	Level    string `yaml:"level"`
	Language string `yaml:"language"`
	// Scenario is where the lab starts; nil for a lesson without a lab.
	Scenario *Scenario `yaml:"scenario"`
}

// An Error is a problem in one lesson file, located by path and line.
type Error struct {
	Path string
	Line int // 1-based; 0 when the problem is the whole file
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return e.Path + ": " + e.Msg
}

// A Catalog is every lesson that loaded, per language, sorted by order.
type Catalog struct {
	byLang map[string][]Lesson
}

// Lessons returns the lessons in lang, falling back to English for any lesson
// that has no translation, sorted by order then slug.
func (c Catalog) Lessons(lang string) []Lesson {
	out := slices.Clone(c.byLang[lang])
	if lang != "en" {
		for _, l := range c.byLang["en"] {
			if !slices.ContainsFunc(out, func(x Lesson) bool { return x.Slug == l.Slug }) {
				out = append(out, l)
			}
		}
	}
	slicesort.Func(out, func(a, b Lesson) int {
		if a.Order != b.Order {
			return a.Order - b.Order
		}
		return strings.Compare(a.Slug, b.Slug)
	})
	return out
}

// Lesson returns the lesson slug in lang, or in English when it has no
// translation.
func (c Catalog) Lesson(lang, slug string) (Lesson, bool) {
	for _, l := range c.Lessons(lang) {
		if l.Slug == slug {
			return l, true
		}
	}
	return Lesson{}, false
}

// Load parses every lesson in fsys. It returns the lessons that parsed and one
// error per file that did not; a bad file never hides the good ones.
func Load(fsys fs.FS) (Catalog, []error) {
	cat := Catalog{byLang: map[string][]Lesson{}}
	var errs []error
	for _, lang := range Languages {
		names, err := fs.Glob(fsys, lang+"/*.md")
		if err != nil {
			errs = append(errs, fmt.Errorf("lessons: list %s: %w", lang, err))
			continue
		}
		for _, name := range names {
			data, err := fs.ReadFile(fsys, name)
			if err != nil {
				errs = append(errs, &Error{Path: name, Msg: err.Error()})
				continue
			}
			l, err := Parse(name, data)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			cat.byLang[lang] = append(cat.byLang[lang], l)
		}
	}
	return cat, errs
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Parse reads one lesson file. name is its path ("en/01-meet-kafka.md"); the
// folder gives the language the front matter must agree with.
func Parse(name string, data []byte) (Lesson, error) {
	l := Lesson{Path: name, Slug: strings.TrimSuffix(path.Base(name), ".md"), Language: path.Dir(name)}
	fail := func(line int, format string, args ...any) (Lesson, error) {
		return Lesson{}, &Error{Path: name, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	front, body, ok := splitFrontMatter(data)
	if !ok {
		return fail(1, "missing front matter: the file must start with a line '---', the YAML fields, and a closing '---'")
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(front, &doc); err != nil {
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			n, _ := strconv.Atoi(m[1])
			return fail(n+1, "front matter: %s", m[2])
		}
		return fail(2, "front matter: %v", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(front))
	dec.KnownFields(true)
	if err := dec.Decode(&l.Meta); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) && len(te.Errors) > 0 {
			msg := te.Errors[0]
			if m := yamlLine.FindStringSubmatch("yaml: " + msg); m != nil {
				n, _ := strconv.Atoi(m[1])
				return fail(n+1, "front matter: %s", m[2])
			}
			return fail(2, "front matter: %s", msg)
		}
		return fail(2, "front matter: %v", err)
	}
	line := func(key string) int { return keyLine(&doc, key) + 1 }
	switch {
	case strings.TrimSpace(l.Title) == "":
		return fail(line("title"), "front matter: title is required")
	case strings.TrimSpace(l.Summary) == "":
		return fail(line("summary"), "front matter: summary is required")
	case l.Order <= 0:
		return fail(line("order"), "front matter: order must be a positive number, got %d", l.Order)
	case l.Level != "" && !slices.Contains(Levels, l.Level):
		return fail(line("level"), "front matter: level %q is not one of %s", l.Level, strings.Join(Levels, ", "))
	case l.Meta.Language != l.Language:
		return fail(line("language"), "front matter: language %q does not match the folder %q", l.Meta.Language, l.Language)
	}
	if l.Scenario != nil {
		if err := l.Scenario.validate(); err != nil {
			return fail(line("scenario"), "scenario: %v", err)
		}
	}
	l.Body = string(body)
	first := strings.Count(string(front), "\n") + 3
	intro, steps, err := parseSteps(name, l.Body, first)
	if err != nil {
		return Lesson{}, err
	}
	if l.Scenario == nil {
		for _, s := range steps {
			if len(s.Blocks) > 0 {
				return fail(s.Blocks[0].Line, "%s block in a lesson without a scenario: add scenario: to the front matter", s.Blocks[0].Kind)
			}
		}
	}
	all := intro
	for i := range steps {
		all += steps[i].Markdown
		if steps[i].HTML, err = render([]byte(steps[i].Markdown)); err != nil {
			return fail(steps[i].Line, "render Markdown: %v", err)
		}
	}
	if l.IntroHTML, err = render([]byte(intro)); err != nil {
		return fail(0, "render Markdown: %v", err)
	}
	l.Steps = steps
	if l.HTML, err = render([]byte(all)); err != nil {
		return fail(0, "render Markdown: %v", err)
	}
	return l, nil
}

// render turns lesson Markdown into HTML. goldmark leaves out raw HTML unless
// told otherwise, so a lesson cannot inject markup or script into the page.
func render(md []byte) (string, error) {
	var buf bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(extension.GFM)).Convert(md, &buf); err != nil {
		return "", err
	}
	return buf.String(), nil
}

// splitFrontMatter separates "---\n<yaml>---\n<body>".
func splitFrontMatter(data []byte) (front, body []byte, ok bool) {
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	rest, found := bytes.CutPrefix(data, []byte("---\n"))
	if !found {
		return nil, nil, false
	}
	if bytes.HasPrefix(rest, []byte("---\n")) {
		return nil, rest[4:], true
	}
	front, body, found = bytes.Cut(rest, []byte("\n---\n"))
	if !found {
		front, found = bytes.CutSuffix(rest, []byte("\n---"))
		return append(front, '\n'), nil, found
	}
	return append(front, '\n'), body, true
}

// keyLine finds the line of a top-level key in the front matter (1-based), or 1
// when the key is absent.
func keyLine(doc *yaml.Node, key string) int {
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return 1
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i].Line
		}
	}
	return 1
}
