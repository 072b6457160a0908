// Package pipeline runs one pass of one source: crawl, match brands, dedupe,
// score, and store the new mentions with the source's new state in one
// transaction. It records failures as source state too, so one broken source
// is visible in `earshot status` and never stops the others. It does not
// schedule (internal/schedule does) and does not evaluate alerts (the app
// triggers that after a pass).
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"time"

	"github.com/earshot/earshot/crawler"
	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/sentiment"
	"github.com/earshot/earshot/store"
)

// Store is what a pass needs of the store.
type Store interface {
	SourceState(name string) (model.SourceState, error)
	HasMention(id string) (bool, error)
	PutBatch(b store.Batch) (store.PutResult, error)
}

// Analyzer scores one text.
type Analyzer interface {
	AnalyzeInto(in sentiment.Input, out *model.Analysis)
}

// BrandMatcher says which brands a text is about.
type BrandMatcher interface {
	Brands(text string) []string
}

// Pipeline runs passes. It is safe for concurrent use by different sources.
type Pipeline struct {
	store    Store
	analyzer Analyzer
	matcher  BrandMatcher
	logger   *slog.Logger
	now      func() time.Time
}

// Options are a Pipeline's dependencies.
type Options struct {
	Store    Store
	Analyzer Analyzer
	Matcher  BrandMatcher // may be nil when every source is bound to a brand
	Logger   *slog.Logger
	Now      func() time.Time
}

// New builds a Pipeline.
func New(o Options) *Pipeline {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Pipeline{store: o.Store, analyzer: o.Analyzer, matcher: o.Matcher, logger: o.Logger, now: o.Now}
}

// Summary is what one pass did, for `earshot crawl` and the logs.
type Summary struct {
	Source      string
	Fetched     int
	New         int
	Duplicates  int // already stored (same id)
	Merged      int // same text already stored from another source
	Unmatched   int // matched no brand, dropped
	PerBrand    map[string]int
	NotModified bool
	Warnings    []string
	Duration    time.Duration
}

// Run does one pass of src. A fetch failure is stored as the source's state and
// returned; mentions and the new cursor are stored together or not at all.
func (p *Pipeline) Run(ctx context.Context, src crawler.Source, langHint string) (sum Summary, err error) {
	start := p.now()
	sum = Summary{Source: src.Name(), PerBrand: map[string]int{}}
	defer func() { sum.Duration = p.now().Sub(start) }() // failed passes too: the slow ones are what metrics are for
	state, err := p.store.SourceState(src.Name())
	if err != nil {
		return sum, fmt.Errorf("source %s: read state: %w", src.Name(), err)
	}
	batch, err := src.Fetch(ctx, state)
	if err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		// Stopped, not failed (earshot run's grace ran out, Ctrl-C on
		// earshot crawl): the source's health and run history stay as they were.
		return sum, fmt.Errorf("source %s: %w", src.Name(), err)
	}
	if err != nil {
		return sum, p.recordFailure(state, start, err)
	}
	sum.Fetched, sum.NotModified, sum.Warnings = len(batch.Mentions), batch.NotModified, batch.Warnings
	mentions := p.prepare(batch.Mentions, langHint, &sum)
	finished := p.now()
	// The crawler owns the resume fields; the pipeline owns the health fields.
	newState := state
	newState.Source = src.Name()
	newState.Cursor, newState.ETag, newState.LastModified = batch.State.Cursor, batch.State.ETag, batch.State.LastModified
	newState.Ratings = batch.State.Ratings
	newState.LastRun, newState.LastSuccess = finished, finished
	newState.LastError, newState.ConsecutiveFailures = "", 0
	newState.Warnings = slices.Clone(sum.Warnings[:min(len(sum.Warnings), model.MaxStateWarnings)])
	if p.anyNew(mentions) {
		newState.LastNewMention = finished // for the silent-source alert
	}
	run := model.CrawlRun{Source: src.Name(), Started: start, Finished: finished, Fetched: sum.Fetched}
	res, err := p.store.PutBatch(store.Batch{Mentions: mentions, States: []model.SourceState{newState}, Runs: []model.CrawlRun{run}})
	if err != nil {
		// Recorded as the source's failure, so status and the health rule see it.
		return sum, p.recordFailure(state, start, fmt.Errorf("source %s: store %d mentions: %w", src.Name(), len(mentions), err))
	}
	sum.New, sum.Merged = res.New, res.Merged
	sum.Duplicates += res.Duplicates
	sum.Duration = p.now().Sub(start)
	p.logger.Info("crawl pass", "source", sum.Source, "fetched", sum.Fetched, "new", sum.New,
		"duplicates", sum.Duplicates, "unmatched", sum.Unmatched, "warnings", len(sum.Warnings), "duration", sum.Duration)
	// A warning is often the only sign that a site changed under its
	// selectors: say what it is, not only how many there were.
	for i, w := range sum.Warnings {
		if i == model.MaxStateWarnings {
			p.logger.Warn("crawl warnings not shown", "source", sum.Source, "more", len(sum.Warnings)-i)
			break
		}
		p.logger.Warn("crawl warning", "source", sum.Source, "warning", w)
	}
	return sum, nil
}

// prepare matches brands, drops in-batch duplicates and unmatched items, and scores.
func (p *Pipeline) prepare(in []model.Mention, langHint string, sum *Summary) []model.Mention {
	out := make([]model.Mention, 0, len(in))
	seen := make(map[string]struct{}, len(in))
	first, last := model.PublishedRange()
	for _, m := range in {
		if _, dup := seen[m.ID]; dup {
			sum.Duplicates++
			continue
		}
		seen[m.ID] = struct{}{}
		// What the store would refuse would fail the whole batch, and every
		// run after it, while the item stays in the feed: drop it, saying why.
		switch {
		case m.PublishedAt.Before(first) || m.PublishedAt.After(last):
			sum.Warnings = append(sum.Warnings, fmt.Sprintf("%.80s is dated %s, outside %d..%d: skipped", m.ID, m.PublishedAt.Format(time.RFC3339), first.Year(), last.Year()))
			continue
		case len(m.ID) > model.MaxIDBytes:
			sum.Warnings = append(sum.Warnings, fmt.Sprintf("%.80s...: an id of %d bytes, over %d: skipped", m.ID, len(m.ID), model.MaxIDBytes))
			continue
		}
		if len(m.Brands) == 0 && p.matcher != nil {
			m.Brands = p.matcher.Brands(m.Title + "\n" + m.Text)
		}
		if len(m.Brands) == 0 {
			sum.Unmatched++
			continue
		}
		for _, b := range m.Brands {
			sum.PerBrand[b]++
		}
		if m.Analysis == nil {
			a := new(model.Analysis)
			hint := m.Lang
			if hint == "" {
				hint = langHint
			}
			p.analyzer.AnalyzeInto(sentiment.Input{Text: m.Text, Title: m.Title, LangHint: hint, Rating: m.Rating}, a)
			m.Analysis = a
			if m.Lang == "" {
				m.Lang = a.Lang
			}
		}
		out = append(out, m)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].PublishedAt.Before(out[j].PublishedAt) })
	return out
}

// anyNew reports whether any mention is not stored yet, so the source's state
// (written in the same transaction as the mentions) can say when it last
// brought something new. A lookup is microseconds; a failed one counts as new.
func (p *Pipeline) anyNew(ms []model.Mention) bool {
	for i := range ms {
		if ok, err := p.store.HasMention(ms[i].ID); err != nil || !ok {
			return true
		}
	}
	return false
}

// recordFailure stores the failed run and the failure streak, and returns the
// fetch error.
func (p *Pipeline) recordFailure(state model.SourceState, start time.Time, cause error) error {
	now := p.now()
	state.LastRun, state.LastError, state.LastErrorAt = now, cause.Error(), now
	state.ConsecutiveFailures++
	run := model.CrawlRun{Source: state.Source, Started: start, Finished: now, Err: cause.Error()}
	err := cause // the crawler's errors already name the source and its type
	if _, serr := p.store.PutBatch(store.Batch{States: []model.SourceState{state}, Runs: []model.CrawlRun{run}}); serr != nil {
		return fmt.Errorf("%w (and recording the failure failed: %v)", err, serr)
	}
	return err
}
