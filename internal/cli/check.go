package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/earshot/earshot/crawler"
	"github.com/earshot/earshot/crawler/query"
	"github.com/earshot/earshot/internal/config"
)

func runCheck(_ context.Context, env Env, args []string) error {
	fs := newFlags(env, "check", "--config FILE",
		"Validate a config: the schema, every brand query and its example texts, and every source.\nExits 1 with FILE:LINE: field: problem lines when anything is wrong.")
	path := fs.String("config", "", "config file to check (required)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *path == "" {
		return userErrorf("--config FILE is required")
	}
	cfg, err := config.Load(*path, env.Getenv)
	var probs config.Problems
	if err != nil && !errors.As(err, &probs) {
		return userError{err}
	}
	if cfg != nil {
		probs = append(probs, cfg.Warnings...)
		probs = append(probs, checkBrands(cfg)...)
		if !probs.HasErrors() {
			probs = append(probs, checkSources(cfg)...)
		}
	}
	for _, p := range probs.Sorted() {
		fmt.Fprintln(env.Stderr, p.String())
	}
	if probs.HasErrors() {
		n := len(probs.Errors())
		fmt.Fprintf(env.Stderr, "%s: %d problem(s) to fix\n", *path, n)
		return silentExit(1)
	}
	fmt.Fprintf(env.Stdout, "%s: ok (%s, %s, %s)\n", *path, count(len(cfg.Brands), "brand"), count(len(cfg.Sources), "source"), count(len(cfg.Alerts.Rules), "alert rule"))
	return nil
}

// checkBrands parses every brand query and runs its example texts.
func checkBrands(cfg *config.Config) config.Problems {
	var probs config.Problems
	add := func(path, format string, a ...any) {
		probs = append(probs, config.Problem{File: cfg.File, Line: cfg.Line(path), Path: path, Msg: fmt.Sprintf(format, a...)})
	}
	for i, b := range cfg.Brands {
		qpath := fmt.Sprintf("brands[%d].query", i)
		q, err := query.Parse(b.Query)
		if err != nil {
			add(qpath, "%v", err)
			continue
		}
		for j, text := range b.Examples.Match {
			if !q.Match(text) {
				add(fmt.Sprintf("brands[%d].examples.match[%d]", i, j), "the query %s does not match this example; widen the query or fix the example", b.Query)
			}
		}
		for j, text := range b.Examples.NoMatch {
			if q.Match(text) {
				add(fmt.Sprintf("brands[%d].examples.no_match[%d]", i, j), "the query %s matches this example; add a NOT term to exclude it", b.Query)
			}
		}
	}
	return probs
}

// checkSources builds every source's crawler, which validates what the schema
// cannot (selectors, URLs) without touching the network.
func checkSources(cfg *config.Config) config.Problems {
	var probs config.Problems
	for i, s := range cfg.Sources {
		if _, err := crawler.New(s, cfg.Crawl, crawler.Options{Version: Version}); err != nil {
			path := fmt.Sprintf("sources[%d]", i)
			probs = append(probs, config.Problem{File: cfg.File, Line: cfg.Line(path), Path: path, Msg: err.Error()})
		}
	}
	return probs
}

// count is "1 brand", "3 brands".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
