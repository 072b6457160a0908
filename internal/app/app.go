// Package app wires earshot together and owns the service's lifecycle:
// New(cfg) opens the store and builds every part, Run(ctx) schedules crawls and
// alert work until ctx ends, Close releases what New opened. It is the only
// package that imports everything; nothing imports it but the CLI.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sort"
	"time"

	"github.com/earshot/earshot/alerts"
	"github.com/earshot/earshot/crawler"
	"github.com/earshot/earshot/crawler/query"
	"github.com/earshot/earshot/internal/config"
	"github.com/earshot/earshot/internal/pipeline"
	"github.com/earshot/earshot/sentiment"
	"github.com/earshot/earshot/store"
)

// Options are the App's dependencies beyond the config.
type Options struct {
	Logger  *slog.Logger
	Version string
	Now     func() time.Time
	// DBPath overrides the config's store path (--db).
	DBPath string
	// Crawler lets tests and the demo route HTTP to loopback servers.
	Crawler crawler.Options
	// AlertHTTPClient is the HTTP client of the notifiers (nil: their default).
	AlertHTTPClient *http.Client
	// SlackMinInterval overrides the one-message-a-second pacing (tests, demo).
	SlackMinInterval time.Duration
}

// App is a running earshot: store, sentiment engine, sources and pipeline.
type App struct {
	cfg      *config.Config
	logger   *slog.Logger
	now      func() time.Time
	db       *store.DB
	analyzer *sentiment.Analyzer
	pipeline *pipeline.Pipeline
	sources  map[string]source

	telemetry  *telemetry
	evaluator  *alerts.Evaluator // nil when alerts are disabled
	dispatcher *alerts.Dispatcher
	channels   []string
}

// source is one enabled config source with the crawler built for it.
type source struct {
	cfg     config.Source
	crawler crawler.Source
}

// New builds an App from a validated config. It opens the store, so call Close.
func New(cfg *config.Config, o Options) (*App, error) {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	an, err := sentiment.New(sentiment.Options{Terms: cfg.Sentiment.Terms, Aspects: cfg.Sentiment.Aspects})
	if err != nil {
		return nil, fmt.Errorf("load sentiment engine: %w", err)
	}
	matcher, err := BrandMatcher(cfg)
	if err != nil {
		return nil, err
	}
	sources, err := buildSources(cfg, o)
	if err != nil {
		return nil, err
	}
	path := cfg.Store.Path
	if o.DBPath != "" {
		path = o.DBPath
	}
	db, err := store.Open(path, store.Options{Timeout: cfg.Store.OpenTimeout.D(), Logger: o.Logger, Now: o.Now})
	if err != nil {
		return nil, err
	}
	a := &App{cfg: cfg, logger: o.Logger, now: o.Now, db: db, analyzer: an, sources: sources}
	a.pipeline = pipeline.New(pipeline.Options{Store: db, Analyzer: an, Matcher: matcher, Logger: o.Logger, Now: o.Now})
	a.telemetry = newTelemetry(db, a.SourceNames(), o.Version, o.Now)
	if err := a.wireAlerts(o); err != nil {
		db.Close()
		return nil, err
	}
	return a, nil
}

// BrandMatcher compiles every brand's query. Errors name the brand.
func BrandMatcher(cfg *config.Config) (*query.Matcher, error) {
	qs := make(map[string]*query.Query, len(cfg.Brands))
	for _, b := range cfg.Brands {
		q, err := query.Parse(b.Query)
		if err != nil {
			return nil, fmt.Errorf("brand %s: %w", b.Name, err)
		}
		qs[b.Name] = q
	}
	return query.NewMatcher(qs), nil
}

func buildSources(cfg *config.Config, o Options) (map[string]source, error) {
	co := o.Crawler
	if co.Logger == nil {
		co.Logger = o.Logger
	}
	if co.Version == "" {
		co.Version = o.Version
	}
	if co.Now == nil {
		co.Now = o.Now
	}
	if co.Hosts == nil {
		// One per process: sources on the same host share its delay,
		// parallelism and robots.txt instead of each hitting it alone.
		co.Hosts = crawler.NewHosts()
	}
	out := make(map[string]source, len(cfg.Sources))
	var errs []error
	for _, s := range cfg.Sources {
		if s.Disabled {
			continue
		}
		c, err := crawler.New(s, cfg.Crawl, co)
		if err != nil {
			errs = append(errs, fmt.Errorf("source %s: %w", s.Name, err))
			continue
		}
		out[s.Name] = source{cfg: s, crawler: c}
	}
	return out, errors.Join(errs...)
}

// DB is the App's store, for commands that read it.
func (a *App) DB() *store.DB { return a.db }

// SourceNames lists the enabled sources, sorted.
func (a *App) SourceNames() []string {
	names := make([]string, 0, len(a.sources))
	for n := range a.sources {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Crawl runs one pass of the named source.
func (a *App) Crawl(ctx context.Context, name string) (pipeline.Summary, error) {
	s, ok := a.sources[name]
	if !ok {
		return pipeline.Summary{}, fmt.Errorf("%w: %q (configured and enabled: %v)", ErrUnknownSource, name, a.SourceNames())
	}
	sum, err := a.pipeline.Run(ctx, s.crawler, s.cfg.Lang)
	a.telemetry.crawled(sum, err, ctx.Err() != nil)
	return sum, err
}

// Close closes the store.
func (a *App) Close() error { return a.db.Close() }

// ErrUnknownSource is returned for a source name that is not in the config or is disabled.
var ErrUnknownSource = errors.New("no such source")
