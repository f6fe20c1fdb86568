package main

import (
	"encoding/json"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/kafkalab/kafkalab/lessons"
	"github.com/kafkalab/kafkalab/web"
)

// languageNames are each language's name for itself.
var languageNames = map[string]string{"en": "English", "zh": "中文"}

// A lessonStore serves the lesson catalog. With a folder on disk (-lessons
// DIR) it reloads the catalog when a file changes: at most once a second a
// request looks at the files' sizes and modification times, and a change
// reloads them all. Errors are logged with file and line, as at start-up.
type lessonStore struct {
	log  *slog.Logger
	fsys fs.FS
	live bool // fsys is a folder on disk that teachers edit

	mu      sync.Mutex
	cat     lessons.Catalog
	stamp   string
	checked time.Time
}

func newLessonStore(log *slog.Logger, fsys fs.FS, live bool) *lessonStore {
	s := &lessonStore{log: log, fsys: fsys, live: live}
	s.load()
	return s
}

func (s *lessonStore) load() {
	cat, errs := lessons.Load(s.fsys)
	for _, e := range errs {
		s.log.Warn("lesson skipped", "error", e.Error())
	}
	s.cat, s.stamp, s.checked = cat, s.fingerprint(), time.Now()
}

// fingerprint names every lesson file with its size and modification time.
func (s *lessonStore) fingerprint() string {
	if !s.live {
		return ""
	}
	var b []byte
	for _, lang := range lessons.Languages {
		names, _ := fs.Glob(s.fsys, lang+"/*.md")
		for _, n := range names {
			if fi, err := fs.Stat(s.fsys, n); err == nil {
				b = append(b, n...)
				b = strconv.AppendInt(append(b, ' '), fi.Size(), 10)
				b = strconv.AppendInt(append(b, ' '), fi.ModTime().UnixNano(), 10)
				b = append(b, '\n')
			}
		}
	}
	return string(b)
}

// catalog returns the lessons, reloaded first if a file changed.
func (s *lessonStore) catalog() lessons.Catalog {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.live && time.Since(s.checked) >= time.Second {
		s.checked = time.Now()
		if s.fingerprint() != s.stamp {
			s.log.Info("lessons changed on disk; reloading")
			s.load()
		}
	}
	return s.cat
}

// diskLessons opens a lesson folder given with -lessons.
func diskLessons(dir string) (fs.FS, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, err
	}
	return os.DirFS(dir), nil
}

// langOf reads ?lang=; anything the lab does not ship falls back to English.
func langOf(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); slices.Contains(lessons.Languages, l) {
		return l
	}
	return "en"
}

func languageLinks(path, current string) []web.LanguageLink {
	var out []web.LanguageLink
	for _, l := range lessons.Languages {
		out = append(out, web.LanguageLink{Label: languageNames[l], URL: web.LangURL(path, l), Current: l == current})
	}
	return out
}

func lessonVM(l lessons.Lesson, lang string) web.LessonVM {
	return web.LessonVM{Slug: l.Slug, Title: l.Title, Summary: l.Summary, Level: l.Level,
		URL: web.LangURL("/lessons/"+l.Slug, lang), Steps: len(l.Steps)}
}

func (s *site) home(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	vm := web.HomeVM{Assets: s.pageAssets(), Lang: lang, Languages: languageLinks("/", lang)}
	for _, l := range s.lessons.catalog().Lessons(lang) {
		vm.Lessons = append(vm.Lessons, lessonVM(l, lang))
	}
	s.page(w, r, http.StatusOK, web.Home(vm))
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func checkVMs(cs []lessons.Check) []web.LessonCheckVM {
	var out []web.LessonCheckVM
	for _, c := range cs {
		out = append(out, web.LessonCheckVM{Name: c.Name, Params: jsonOf(c.Params), Args: c.Args()})
	}
	return out
}

func stepVM(l lessons.Lesson, i int, lang string) web.LessonStepVM {
	st := l.Steps[i]
	vm := web.LessonStepVM{Number: i + 1, Title: st.Title, HTML: st.HTML,
		URL: web.LangURL("/lessons/"+l.Slug+"/"+strconv.Itoa(i+1), lang)}
	for _, b := range st.Blocks {
		bv := web.LessonBlockVM{Kind: string(b.Kind), Checks: checkVMs(b.Checks)}
		switch b.Kind {
		case lessons.BlockLab:
			bv.Commands = b.Lab
		case lessons.BlockPredict:
			p := b.Predict
			bv.Question, bv.Ask, bv.Params, bv.Commands, bv.Choices, bv.Explain = p.Question, p.Ask.Name, jsonOf(p.Ask.Params), p.Run, p.Choices, p.Explain
			bv.Args = p.Ask.Args()
		case lessons.BlockExercise:
			e := b.Exercise
			bv.Goal, bv.Checks, bv.Hints, bv.Commands = e.Goal, checkVMs(e.Checks), e.Hints, e.Solution
		}
		vm.Blocks = append(vm.Blocks, bv)
	}
	return vm
}

// lesson serves /lessons/{slug} (the whole lesson) and
// /lessons/{slug}/{step} (one step, from 1, with previous and next).
func (s *site) lesson(w http.ResponseWriter, r *http.Request) {
	lang, slug := langOf(r), r.PathValue("slug")
	cat := s.lessons.catalog()
	l, ok := cat.Lesson(lang, slug)
	if !ok {
		s.notFound(w, r)
		return
	}
	vm := web.LessonPageVM{
		Assets:   s.pageAssets(),
		Lang:     l.Language,
		Slug:     l.Slug,
		Title:    l.Title,
		Level:    l.Level,
		HTML:     l.HTML,
		Fallback: l.Language != lang,
	}
	for i := range l.Steps {
		vm.Steps = append(vm.Steps, stepVM(l, i, lang))
	}
	path := "/lessons/" + slug
	if raw := r.PathValue("step"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > len(l.Steps) || strconv.Itoa(n) != raw {
			s.notFound(w, r)
			return
		}
		path += "/" + raw
		vm.Step = &vm.Steps[n-1]
		if n > 1 {
			vm.Prev = &web.StepLinkVM{Label: vm.Steps[n-2].Title, URL: vm.Steps[n-2].URL}
		} else {
			vm.Prev = &web.StepLinkVM{Label: l.Title, URL: web.LangURL("/lessons/"+slug, lang)}
		}
		if n < len(l.Steps) {
			vm.NextStep = &web.StepLinkVM{Label: vm.Steps[n].Title, URL: vm.Steps[n].URL}
		}
		if l.Scenario != nil {
			cfg := l.LabConfig()
			vm.Lab = &web.LessonLabVM{Slug: l.Slug, Step: n, Seed: cfg.Seed, Brokers: cfg.Brokers, Controllers: cfg.Controllers, Prelude: l.Prelude(n - 1)}
			if len(l.Scenario.Topics) > 0 {
				vm.Lab.Topic = l.Scenario.Topics[0].Name
			}
		}
	} else {
		// The whole lesson: the introduction, then every step.
		vm.HTML = l.IntroHTML
	}
	vm.Languages = languageLinks(path, lang)
	all := cat.Lessons(lang)
	if i := slices.IndexFunc(all, func(x lessons.Lesson) bool { return x.Slug == slug }); i >= 0 && i+1 < len(all) {
		next := lessonVM(all[i+1], lang)
		vm.Next = &next
	}
	s.page(w, r, http.StatusOK, web.LessonPage(vm))
}
