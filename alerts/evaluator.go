package alerts

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/earshot/earshot/internal/model"
)

// Store is what Evaluate needs: history, the rules' state and the outbox.
// *store.DB satisfies it.
type Store interface {
	History
	AlertState(key string) (model.AlertState, bool, error)
	// EnqueueAlert stores a, a pending delivery per channel and state in one
	// transaction; false (and no change) when a.ID already exists.
	EnqueueAlert(a model.Alert, channels []string, state *model.AlertState) (bool, error)
}

// MentionScan streams the mentions of brand published in [from, to) to fn,
// in published order; fn must not keep the pointer, and an error from fn
// stops the scan and is returned. internal/app wires it to store.EachMention.
type MentionScan func(brand string, from, to time.Time, fn func(*model.Mention) error) error

// Options configure an Evaluator. Zero values take the documented defaults.
type Options struct {
	// Rules are evaluated in order; zero fields take the config defaults.
	Rules []Rule
	// Channels names the notifiers every alert is queued for.
	Channels []string
	// BrandSources lists the sources that feed each brand, for the
	// completeness gate and rules by source; a brand missing here is fed by
	// every source.
	BrandSources map[string][]string
	// DashboardURL is the web UI's base URL, linked from alerts.
	DashboardURL string
	// Lookback is the history read for baselines; default 28 days.
	Lookback time.Duration
	// RefreshEvery bounds how long Evaluate reuses rollups older than two
	// days between calls before reading all history again; default 6h,
	// negative reads everything every time. Replay never reuses.
	RefreshEvery time.Duration
	Logger       *slog.Logger
}

// Evaluator runs the alert rules over stored rollups.
type Evaluator struct {
	st       Store
	mentions MentionScan
	opts     Options
	rules    []Rule
	log      *slog.Logger

	mu    sync.Mutex // one evaluation at a time: state reads and writes must not interleave
	cache bucketCache
}

// NewEvaluator checks the rules and returns an Evaluator reading st.
// mentions may be nil: alerts then carry no terms, sources or examples.
func NewEvaluator(st Store, mentions MentionScan, opts Options) (*Evaluator, error) {
	e := &Evaluator{st: st, mentions: mentions, opts: opts, log: opts.Logger}
	if e.log == nil {
		e.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if e.opts.Lookback <= 0 {
		e.opts.Lookback = 28 * 24 * time.Hour
	}
	if e.opts.RefreshEvery == 0 {
		e.opts.RefreshEvery = 6 * time.Hour
	}
	for _, r := range opts.Rules {
		r = r.withDefaults()
		if err := r.validate(); err != nil {
			return nil, err
		}
		e.rules = append(e.rules, r)
	}
	return e, nil
}

// Rules returns the rules with their defaults filled in.
func (e *Evaluator) Rules() []Rule { return slices.Clone(e.rules) }

// Evaluate runs every rule as of at and queues what fires (and what
// resolves) in the outbox, with the rule state, in one store call per alert.
// It returns the alerts newly queued; evaluating the same moment twice
// queues nothing the second time. Errors of one brand do not stop the others.
func (e *Evaluator) Evaluate(ctx context.Context, at time.Time) ([]model.Alert, error) {
	at = at.UTC()
	e.mu.Lock()
	defer e.mu.Unlock()
	snap := newSnapshot(e.st, at.Add(-e.span()), windowEnd(at))
	if e.opts.RefreshEvery > 0 {
		e.cache.prepare(at, snap.from, e.opts.RefreshEvery)
		snap.cache = &e.cache
	}
	states := func(key string) (model.AlertState, bool, error) { return e.st.AlertState(key) }
	var out []model.Alert
	emit := func(a model.Alert, s model.AlertState) error {
		ok, err := e.st.EnqueueAlert(a, e.opts.Channels, &s)
		if err != nil {
			return fmt.Errorf("enqueue alert %s (%s): %w", a.ID, a.Summary, err)
		}
		if ok {
			out = append(out, a)
		}
		return nil
	}
	err := e.evaluateAt(ctx, at, snap, states, emit)
	return out, err
}

// Replay evaluates the rules at every step from from to to over stored
// history with an in-memory state, and returns what would have been sent,
// in order. It writes and sends nothing. Steps are whole hours (from is
// rounded up to the hour) because rollups are hourly: a mid-hour step would
// see mentions published after it.
func (e *Evaluator) Replay(ctx context.Context, from, to time.Time, step time.Duration) ([]model.Alert, error) {
	from, to = windowEnd(from.UTC()), to.UTC()
	step = max(time.Hour, (step + time.Hour - 1).Truncate(time.Hour))
	snap := newSnapshot(e.st, from.Add(-e.span()), windowEnd(to))
	mem := map[string]model.AlertState{}
	states := func(key string) (model.AlertState, bool, error) {
		s, ok := mem[key]
		return s, ok, nil
	}
	var out []model.Alert
	emit := func(a model.Alert, s model.AlertState) error {
		mem[s.Key] = s
		out = append(out, a)
		return nil
	}
	var errs []error
	for at := from; !at.After(to); at = at.Add(step) {
		if err := e.evaluateAt(ctx, at, snap, states, emit); err != nil {
			errs = append(errs, fmt.Errorf("at %s: %w", at.Format(time.RFC3339), err))
			if ctx.Err() != nil {
				break
			}
		}
	}
	return out, errors.Join(errs...)
}

// span is how far back any rule reads: the lookback plus the longest window.
func (e *Evaluator) span() time.Duration {
	w := time.Hour
	for _, r := range e.rules {
		w = max(w, r.Window, 2*r.SilentFor)
	}
	return e.opts.Lookback + w + time.Hour
}

type stateFunc func(key string) (model.AlertState, bool, error)
type emitFunc func(a model.Alert, s model.AlertState) error

// evaluateAt runs every rule at at; it is the one code path of Evaluate and Replay.
func (e *Evaluator) evaluateAt(ctx context.Context, at time.Time, snap *snapshot, states stateFunc, emit emitFunc) error {
	snap.scopes = nil // series are per moment; Replay must not hoard them
	var errs []error
	for _, r := range e.rules {
		if r.Detector == SourceHealth {
			errs = append(errs, e.health(r, at, snap, states, emit))
			continue
		}
		for _, brand := range r.Brands {
			if err := ctx.Err(); err != nil {
				return errors.Join(append(errs, err)...)
			}
			if err := e.brand(ctx, r, brand, at, snap, states, emit); err != nil {
				errs = append(errs, fmt.Errorf("rule %s brand %s: %w", r.Name, brand, err))
			}
		}
	}
	return errors.Join(errs...)
}

// windowEnd is the end of the hour at is in (at itself on an hour boundary):
// the window is the rule's hours up to and including the current one.
func windowEnd(at time.Time) time.Time {
	end := at.Truncate(time.Hour)
	if end.Before(at) {
		end = end.Add(time.Hour)
	}
	return end
}
