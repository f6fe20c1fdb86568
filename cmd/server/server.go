package main

import (
	"bytes"
	"io/fs"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/a-h/templ"
	"github.com/kafkalab/kafkalab/web"
)

// A site is the server's content: lessons and assets, loaded once at start-up.
type site struct {
	log     *slog.Logger
	assets  *assetTable
	lessons *lessonStore
	live    *web.LiveVM // the live lab's first paint (firstpaint.go), nil if it failed
}

// sources are the file trees a site is built from; tests swap them.
type sources struct {
	static, dist, lessons fs.FS
	// lessonsLive says lessons is a folder on disk (-lessons DIR), reloaded
	// when its files change.
	lessonsLive bool
}

// newSite loads everything. Lesson files with errors are logged with file and
// line and left out; the rest are served.
func newSite(log *slog.Logger, src sources) (*site, error) {
	at, err := loadAssets(src.static, src.dist)
	if err != nil {
		return nil, err
	}
	store := newLessonStore(log, src.lessons, src.lessonsLive)
	if a, _ := at.lookup(wasmName); a == nil {
		log.Warn("the lab's wasm is not built; the lab page will say so. Run `make wasm` (or `make run`).")
	}
	lv, err := firstPaint()
	if err != nil {
		log.Error("the lab's first paint failed; the lab page shows a loader until the wasm draws", "error", err)
	}
	return &site{log: log, assets: at, lessons: store, live: lv}, nil
}

// handler returns the whole site: routes wrapped in security headers and the
// request log.
func (s *site) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.home)
	mux.HandleFunc("GET /lab", s.lab)
	mux.HandleFunc("GET /lessons/{slug}", s.lesson)
	mux.HandleFunc("GET /lessons/{slug}/{step}", s.lesson)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /assets/{file}", s.asset)
	// GET only, so other methods on known paths get 405 rather than 404.
	mux.HandleFunc("GET /", s.notFound)
	return logRequests(s.log, secure(mux))
}

func (s *site) pageAssets() web.Assets {
	return web.Assets{
		CSS:       s.assets.url("lab.css"),
		Favicon:   s.assets.url("favicon.svg"),
		WasmExec:  s.assets.url("wasm_exec.js"),
		LabJS:     s.assets.url("lab.js"),
		LessonJS:  s.assets.url("lesson.js"),
		LessonCSS: s.assets.url("lesson.css"),
		Wasm:      s.assets.url(wasmName),
	}
}

func (s *site) lab(w http.ResponseWriter, r *http.Request) {
	w.Header().Add("Vary", "Accept-Language, Cookie") // the first paint's language
	s.page(w, r, http.StatusOK, web.Lab(web.LabVM{Assets: s.pageAssets(), Live: s.live, Lang: requestLang(r)}))
}

func (s *site) notFound(w http.ResponseWriter, r *http.Request) {
	s.page(w, r, http.StatusNotFound, web.ErrorPage(http.StatusNotFound, "Page not found",
		"There is no page at this address. It may have moved, or the link may be mistyped.", s.pageAssets()))
}

// page renders c fully before writing, so a render error becomes a clean 500
// rather than half a page.
func (s *site) page(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	var buf bytes.Buffer
	if err := c.Render(r.Context(), &buf); err != nil {
		s.log.Error("render failed", "path", r.URL.Path, "error", err)
		http.Error(w, "internal error rendering this page", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(buf.Bytes())
	}
}

// asset serves one file of the asset table.
func (s *site) asset(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("file")
	a, hashed := s.assets.lookup(key)
	if a == nil {
		if key == wasmName || key == "wasm_exec.js" {
			// A fresh clone: the server was built before the wasm was.
			w.Header().Set("Cache-Control", "no-store")
			http.Error(w, "The lab's WebAssembly is not built yet: run `make wasm` (or `make run`) and restart the server.", http.StatusServiceUnavailable)
			return
		}
		s.notFound(w, r)
		return
	}
	h := w.Header()
	body, enc := a.body, ""
	if a.gzip != nil || a.brotli != nil {
		h.Add("Vary", "Accept-Encoding")
		switch negotiate(r.Header.Get("Accept-Encoding"), a.brotli != nil, a.gzip != nil) {
		case "br":
			body, enc = a.brotli, "br"
		case "gzip":
			body, enc = a.gzip, "gzip"
		}
	}
	if enc != "" {
		h.Set("Content-Encoding", enc)
	}
	// Each representation gets its own strong ETag.
	etag := `"` + a.hash
	if enc != "" {
		etag += "-" + enc
	}
	h.Set("ETag", etag+`"`)
	h.Set("Content-Type", a.ctype)
	if hashed {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	http.ServeContent(w, r, a.name, time.Time{}, bytes.NewReader(body))
}
