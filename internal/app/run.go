package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/earshot/earshot/internal/config"
	"github.com/earshot/earshot/internal/web"

	"github.com/earshot/earshot/internal/schedule"
)

// ErrListen is returned by Run when web.listen cannot be listened on: the
// user's to fix (another process has the port, or the address is not local).
var ErrListen = errors.New("cannot listen")

// stopGrace bounds how long Run waits, after ctx ends, for crawls in hand to
// store their batch before their contexts are cancelled.
const stopGrace = 30 * time.Second

// Run schedules every enabled source and the alert work, and blocks until ctx
// ends; then it lets running passes finish (within stopGrace) and returns.
func (a *App) Run(ctx context.Context) error {
	sched := schedule.New(schedule.Options{Logger: a.logger, Jitter: a.cfg.Crawl.Jitter.D()})
	for _, name := range a.SourceNames() {
		s := a.sources[name]
		if err := sched.Add("crawl "+name, s.cfg.Schedule, a.crawlJob(name)); err != nil {
			return err
		}
	}
	srv, err := a.startWeb()
	if err != nil {
		return err
	}
	stopAlerts, err := a.startAlerts(ctx, sched)
	if err != nil {
		srv.Close()
		return err
	}
	sched.Start()
	for _, name := range a.SourceNames() {
		sched.RunNow("crawl " + name) // first pass now (with jitter), not a whole period from now
	}
	a.logger.Info("earshot running", "sources", len(a.sources), "store", a.db.Path(), "api", "http://"+a.cfg.Web.Listen)
	<-ctx.Done()
	a.logger.Info("stopping: letting running crawls store their batch", "grace", stopGrace)
	stopCtx, cancel := context.WithTimeout(context.Background(), stopGrace)
	defer cancel()
	err = sched.Stop(stopCtx)
	stopAlerts(stopCtx)
	if serr := srv.Shutdown(stopCtx); serr != nil {
		a.logger.Warn("stop web server", "err", serr)
	}
	return err
}

// startWeb serves the read-only API and the Prometheus metrics (/metrics) on
// web.listen (127.0.0.1:8080 unless the config says otherwise). A port
// already in use is an error the user can fix.
func (a *App) startWeb() (*http.Server, error) {
	ln, err := net.Listen("tcp", a.cfg.Web.Listen)
	if err != nil {
		return nil, fmt.Errorf("%s:%d: web.listen %s: %w: %w (is another earshot running? set web.listen to a free address)",
			a.cfg.File, a.cfg.Line("web.listen"), a.cfg.Web.Listen, ErrListen, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", a.telemetry)
	mux.Handle("/", web.New(a.db, WebSources(a.cfg), a.logger, a.now))
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		// Bounded connections: an idle keep-alive or a slow client must not
		// hold a descriptor for ever (web.listen may face a network). A
		// page of 10,000 mentions is written well within WriteTimeout.
		ReadTimeout:    15 * time.Second,
		WriteTimeout:   2 * time.Minute,
		IdleTimeout:    time.Minute,
		MaxHeaderBytes: 64 << 10,
		ErrorLog:       slog.NewLogLogger(a.logger.Handler(), slog.LevelWarn),
	}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.logger.Error("web server stopped", "err", err)
		}
	}()
	return srv, nil
}

// crawlJob is one scheduled pass of a source, followed by an alert evaluation so
// a storm is noticed as soon as its mentions are stored.
func (a *App) crawlJob(name string) schedule.Job {
	return func(ctx context.Context) error {
		sum, err := a.Crawl(ctx, name)
		if err != nil {
			return err // logged by the scheduler with the job's name
		}
		if sum.New > 0 {
			a.evaluateAlerts(ctx)
		}
		return nil
	}
}

// WebSources describes the configured sources for the status API and `earshot status`.
func WebSources(cfg *config.Config) []web.Source {
	out := make([]web.Source, 0, len(cfg.Sources))
	for _, s := range cfg.Sources {
		out = append(out, web.Source{Name: s.Name, Type: s.Type, Schedule: s.Schedule, Disabled: s.Disabled})
	}
	return out
}
