package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/kafkalab/kafkalab/assets"
	"github.com/kafkalab/kafkalab/lessons"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(1)
	}
}

// listenAddr picks the address: the -addr flag if given, else $PORT, else :8080.
func listenAddr(flagAddr string, flagSet bool, getenv func(string) string) string {
	if flagSet {
		return flagAddr
	}
	if p := getenv("PORT"); p != "" {
		return ":" + p
	}
	return flagAddr
}

// run serves until ctx is done or SIGINT/SIGTERM arrives, then shuts down
// gracefully, letting requests in flight finish.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("server", flag.ContinueOnError)
	fl.SetOutput(stderr)
	addr := fl.String("addr", ":8080", "address to listen on, e.g. :8080 or 127.0.0.1:0 (default: $PORT if set)")
	lessonDir := fl.String("lessons", "", "serve lessons from this folder (en/*.md, zh/*.md) instead of the built-in ones, reloading them when they change")
	if err := fl.Parse(args); err != nil {
		return err
	}
	set := false
	fl.Visit(func(f *flag.Flag) { set = set || f.Name == "addr" })

	log := slog.New(slog.NewTextHandler(stderr, nil))
	src := sources{static: assets.Static(), dist: assets.Dist(), lessons: lessons.Files()}
	if *lessonDir != "" {
		fsys, err := diskLessons(*lessonDir)
		if err != nil {
			return fmt.Errorf("-lessons: %w", err)
		}
		src.lessons, src.lessonsLive = fsys, true
	}
	s, err := newSite(log, src)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", listenAddr(*addr, set, getenv))
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := &http.Server{
		Handler:           s.handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      60 * time.Second, // the wasm is a few MB on a slow classroom network
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "kafkalab is serving at %s (Ctrl-C to stop)\n", publicURL(ln.Addr()))

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// publicURL is the address a person types: localhost for the unspecified
// address, the IP otherwise.
func publicURL(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return "http://" + a.String()
	}
	host := tcp.IP.String()
	if tcp.IP.IsUnspecified() || tcp.IP.IsLoopback() {
		host = "localhost"
	}
	return fmt.Sprintf("http://%s", net.JoinHostPort(host, fmt.Sprint(tcp.Port)))
}
