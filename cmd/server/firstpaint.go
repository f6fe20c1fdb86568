package main

import (
	"net/http"
	"strings"

	"github.com/kafkalab/kafkalab/web"
	"github.com/kafkalab/kafkalab/web/live"
)

// The lab page arrives with the live lab already drawn: the cluster, its
// controls and the metrics strip as the wasm will draw them at position 0
// (web/live.FirstPaint: seed 7, the default UI). The page is useful from the
// first byte, and when the wasm has loaded it draws the same HTML over it,
// so nothing moves. The first paint is computed once at start-up: the lab
// starts the same way every time.

// firstPaint builds the lab's first paint, or nil (the page then shows its
// loader) when the engine cannot start.
func firstPaint() (*web.LiveVM, error) {
	vm, err := live.FirstPaint()
	if err != nil {
		return nil, err
	}
	vm.DrawnBy = "server"
	return &vm, nil
}

// langCookie is the learner's choice of language, which lab.js keeps in
// localStorage and in this cookie.
const langCookie = "kafkalab-lang"

// requestLang is the language to draw the first paint in for r: the
// learner's choice (the cookie), else the browser's (Accept-Language), as
// lab.js decides on the page.
func requestLang(r *http.Request) string {
	if c, err := r.Cookie(langCookie); err == nil && (c.Value == "zh" || c.Value == "en") {
		return c.Value
	}
	return pageLang(r.Header.Get("Accept-Language"))
}

// pageLang is the language the first paint is drawn in without a choice:
// Chinese when the browser's first choice is Chinese, as lab.js decides from
// navigator.language.
func pageLang(acceptLanguage string) string {
	first, _, _ := strings.Cut(acceptLanguage, ",")
	first, _, _ = strings.Cut(strings.TrimSpace(first), ";")
	if tag := strings.ToLower(first); tag == "zh" || strings.HasPrefix(tag, "zh-") {
		return "zh"
	}
	return "en"
}
