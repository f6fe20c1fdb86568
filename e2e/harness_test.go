//go:build e2e

package e2e

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// env is what every test shares: the server's URL and a running browser.
var env struct {
	baseURL string
	browser context.Context
}

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	chrome := findChromium()
	if chrome == "" {
		msg := "Chromium not found (install the Debian package `chromium`, or set CHROME_PATH)"
		if os.Getenv("CI") == "true" {
			fmt.Fprintln(os.Stderr, "FAIL: browser tests cannot run in CI: "+msg)
			return 1
		}
		fmt.Fprintln(os.Stderr, strings.Repeat("!", 78))
		fmt.Fprintln(os.Stderr, "!!! BROWSER TESTS SKIPPED: "+msg)
		fmt.Fprintln(os.Stderr, strings.Repeat("!", 78))
		return 0
	}
	bin := os.Getenv("KAFKALAB_SERVER")
	if bin == "" {
		fmt.Fprintln(os.Stderr, "e2e: set KAFKALAB_SERVER to the server binary built after `make wasm` (make test does this)")
		return 1
	}
	stop, err := startServer(bin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer func() {
		if err := stop(); err != nil {
			fmt.Fprintln(os.Stderr, "e2e: server did not shut down cleanly:", err)
		}
	}()

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.NoSandbox, // CI runs as root
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	if err := chromedp.Do(browser); err != nil { // start it now, once
		fmt.Fprintln(os.Stderr, "e2e: start Chromium:", err)
		return 1
	}
	env.browser = browser
	return m.Run()
}

func findChromium() string {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless_shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// startServer runs the binary on a free port, reads the URL it prints, and
// returns a stop func that sends SIGINT (what Ctrl-C sends) and requires a
// clean exit.
func startServer(bin string) (stop func() error, err error) {
	abs, err := filepath.Abs(bin)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(abs, "-addr", "127.0.0.1:0")
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(out).ReadString('\n')
		line <- s
	}()
	select {
	case s := <-line:
		i := strings.Index(s, "http://")
		if i < 0 {
			_ = cmd.Process.Kill()
			return nil, fmt.Errorf("server printed %q, not its URL", s)
		}
		env.baseURL = strings.Fields(s[i:])[0]
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		return nil, fmt.Errorf("server did not print its URL within 20s")
	}
	return func() error {
		if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
			return err
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			return err
		case <-time.After(15 * time.Second):
			_ = cmd.Process.Kill()
			return fmt.Errorf("no exit 15s after SIGINT")
		}
	}, nil
}

// A tab is one browser tab for one test, recording what the page reported.
type tab struct {
	ctx context.Context
	mu  sync.Mutex
	// problems are console errors, uncaught exceptions and CSP violations.
	problems []string
}

// trackProblems runs before any page script: it records Content-Security-Policy
// violations where the test can read them.
const trackProblems = `window.__problems = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__problems.push("CSP violation: " + e.violatedDirective + " blocked " + e.blockedURI));`

func newTab(t *testing.T) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(env.browser)
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancelTimeout)
	tb := &tab{ctx: ctx}
	require.NoError(t, chromedp.Listen(ctx, func(ev any) {
		tb.mu.Lock()
		defer tb.mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			msg := e.ExceptionDetails.Text
			if ex := e.ExceptionDetails.Exception; ex != nil {
				msg += " " + ex.Description
			}
			tb.problems = append(tb.problems, "exception: "+msg)
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError {
				var parts []string
				for _, a := range e.Args {
					parts = append(parts, string(a.Value)+a.Description)
				}
				tb.problems = append(tb.problems, "console.error: "+strings.Join(parts, " "))
			}
		}
	}))
	_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: trackProblems})
	require.NoError(t, err)
	return tb
}

func (tb *tab) open(t *testing.T, path string) {
	t.Helper()
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Navigate(env.baseURL+path)))
}

// waitReady waits for the mark the wasm sets when it has drawn.
func (tb *tab) waitReady(t *testing.T) {
	t.Helper()
	_, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](
		`document.getElementById("lab")?.dataset.labReady === "true" || !document.getElementById("lab-error").hidden`,
		chromedp.WithPollingTimeout(30*time.Second)))
	require.NoError(t, err, "the lab never became ready")
	banner := eval[string](t, tb, `document.getElementById("lab-error").hidden ? "" : document.getElementById("lab-error").textContent`)
	require.Empty(t, banner, "the lab showed an error while booting")
}

func eval[T any](t *testing.T, tb *tab, js string) T {
	t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](js))
	require.NoError(t, err, "evaluate %s", js)
	return v
}

// requireNoProblems fails on any console error, exception or CSP violation.
func (tb *tab) requireNoProblems(t *testing.T) {
	t.Helper()
	tb.mu.Lock()
	problems := append([]string(nil), tb.problems...)
	tb.mu.Unlock()
	problems = append(problems, eval[[]string](t, tb, `window.__problems || []`)...)
	require.Empty(t, problems, "the page reported problems")
}

// screenshot saves a PNG of the page when KAFKALAB_SCREENSHOTS names a folder.
func (tb *tab) screenshot(t *testing.T, name string) {
	t.Helper()
	dir := os.Getenv("KAFKALAB_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(dir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644))
}
