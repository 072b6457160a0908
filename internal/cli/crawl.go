package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"

	"github.com/earshot/earshot/internal/app"
	"github.com/earshot/earshot/internal/pipeline"
)

func runCrawl(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "crawl", "--config FILE --source NAME [--db FILE]",
		"Run one source once: fetch, match brands, dedupe, score, and store the new mentions with the source's cursor.")
	cfgPath := fs.String("config", "", "config file (required)")
	name := fs.String("source", "", "source name from the config (required)")
	dbPath := fs.String("db", "", "store file (default: store.path from the config)")
	verbose := fs.Bool("v", false, "log each request")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *cfgPath == "" || *name == "" {
		return userErrorf("--config FILE and --source NAME are required")
	}
	cfg, err := loadConfig(env, *cfgPath)
	if err != nil {
		return err
	}
	level := "warn"
	if *verbose {
		level = "debug"
	}
	for i, s := range cfg.Sources {
		if s.Name == *name && s.Disabled {
			return userErrorf("source %q is disabled (%s:%d: sources[%d].disabled): remove disabled: true to crawl it",
				*name, cfg.File, cfg.Line(fmt.Sprintf("sources[%d].disabled", i)), i)
		}
	}
	a, err := app.New(cfg, app.Options{Logger: newLogger(env.Stderr, level, "text"), Version: Version, Now: env.Now, DBPath: *dbPath})
	if err != nil {
		return userError{err}
	}
	defer a.Close()
	sum, err := a.Crawl(ctx, *name)
	if errors.Is(err, app.ErrUnknownSource) {
		return userError{err}
	}
	printSummary(env.Stdout, sum)
	if err != nil {
		return userErrorf("%v", err)
	}
	return nil
}

func printSummary(w io.Writer, s pipeline.Summary) {
	fmt.Fprintf(w, "source %s: fetched %d, new %d, duplicate %d, merged %d, unmatched %d, in %v\n",
		s.Source, s.Fetched, s.New, s.Duplicates, s.Merged, s.Unmatched, s.Duration.Round(1e6))
	if s.NotModified {
		fmt.Fprintln(w, "  not modified since the last run")
	}
	brands := make([]string, 0, len(s.PerBrand))
	for b := range s.PerBrand {
		brands = append(brands, b)
	}
	sort.Strings(brands)
	for _, b := range brands {
		fmt.Fprintf(w, "  matched %-20s %d\n", b, s.PerBrand[b])
	}
	for _, warn := range s.Warnings {
		fmt.Fprintf(w, "  warning: %s\n", warn)
	}
}
