package main

import (
	"net/http"
	"slices"

	"github.com/kafkalab/kafkalab/lessons"
	"github.com/kafkalab/kafkalab/web"
)

// languageNames are each language's name for itself.
var languageNames = map[string]string{"en": "English", "zh": "中文"}

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
		URL: web.LangURL("/lessons/"+l.Slug, lang)}
}

func (s *site) home(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	vm := web.HomeVM{Assets: s.pageAssets(), Lang: lang, Languages: languageLinks("/", lang)}
	for _, l := range s.lessons.Lessons(lang) {
		vm.Lessons = append(vm.Lessons, lessonVM(l, lang))
	}
	s.page(w, r, http.StatusOK, web.Home(vm))
}

func (s *site) lesson(w http.ResponseWriter, r *http.Request) {
	lang, slug := langOf(r), r.PathValue("slug")
	l, ok := s.lessons.Lesson(lang, slug)
	if !ok {
		s.notFound(w, r)
		return
	}
	vm := web.LessonPageVM{
		Assets:    s.pageAssets(),
		Lang:      l.Language,
		Languages: languageLinks("/lessons/"+slug, lang),
		Title:     l.Title,
		Level:     l.Level,
		HTML:      l.HTML,
		Fallback:  l.Language != lang,
	}
	all := s.lessons.Lessons(lang)
	if i := slices.IndexFunc(all, func(x lessons.Lesson) bool { return x.Slug == slug }); i >= 0 && i+1 < len(all) {
		next := lessonVM(all[i+1], lang)
		vm.Next = &next
	}
	s.page(w, r, http.StatusOK, web.LessonPage(vm))
}
