package cli

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/earshot/earshot/crawler"
	"github.com/earshot/earshot/internal/app"
	"github.com/earshot/earshot/internal/demo"
)

func runDemo(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "demo", "[--db FILE]",
		"Run the whole pipeline on embedded local sources (a review page, a comment feed, a Hacker News search)\n"+
			"with simulated history and a local stand-in for Slack, and show what Slack would receive. Needs no network.")
	dbPath := fs.String("db", "", "keep the demo store in this file (default: a temporary file)")
	verbose := fs.Bool("v", false, "log what earshot does")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	level := "error"
	if *verbose {
		level = "debug"
	}
	path, cleanup, err := demoDB(*dbPath)
	if err != nil {
		return err
	}
	defer cleanup()
	return runDemoWorld(ctx, env, path, newLogger(env.Stderr, level, "text"))
}

func demoDB(path string) (string, func(), error) {
	if path != "" {
		return path, func() {}, nil
	}
	dir, err := os.MkdirTemp("", "earshot-demo-")
	if err != nil {
		return "", nil, err
	}
	return filepath.Join(dir, "demo.db"), func() { os.RemoveAll(dir) }, nil
}

// runDemoWorld is one demo: seed, crawl every source, evaluate the rules,
// deliver to the Slack stand-in, and show what a user would see.
func runDemoWorld(ctx context.Context, env Env, dbPath string, logger *slog.Logger) error {
	now := demo.Now(env.Now())
	world := demo.Start(now)
	defer world.Close()
	out := env.Stdout
	fmt.Fprintf(out, "earshot demo: sources served at %s (on %s), Slack stand-in at %s, store %s\n\n", world.PublicURL(), world.SiteURL(), world.SlackURL(), dbPath)
	cfg, err := world.Config(dbPath)
	if err != nil {
		return err
	}
	a, err := app.New(cfg, app.Options{Logger: logger, Version: Version, Now: func() time.Time { return now }, SlackMinInterval: -1,
		Crawler: crawler.Options{HTTPClient: world.HTTPClient()}})
	if err != nil {
		return err
	}
	defer a.Close()
	n, err := demo.Seed(a.DB(), now)
	if err != nil {
		return err
	}
	if n > 0 {
		fmt.Fprintf(out, "seeded %d days of simulated history: %d mentions\n", demo.HistoryDays, n)
	}
	for _, name := range a.SourceNames() {
		sum, err := a.Crawl(ctx, name)
		if err != nil {
			return fmt.Errorf("crawl %s: %w", name, err)
		}
		fmt.Fprintf(out, "crawled %-24s fetched %2d, new %2d, duplicate %d, unmatched %d\n", name, sum.Fetched, sum.New, sum.Duplicates, sum.Unmatched)
	}
	queued, sent, err := a.CheckAlerts(ctx, now, 10*time.Second)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nalert rules: %d alert(s) fired, %d delivered to Slack\n", len(queued), sent)
	world.ShowSlack(out)
	if err := demo.Worst(out, a.DB(), now); err != nil {
		return err
	}
	fmt.Fprintf(out, "\nnext: earshot score --explain, earshot stats --db FILE and earshot export --db FILE (keep the store with earshot demo --db FILE)\n")
	return nil
}
