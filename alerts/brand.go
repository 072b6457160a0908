package alerts

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/earshot/earshot/internal/model"
)

// brand evaluates rule r for one brand (and its aspects or sources) at at.
func (e *Evaluator) brand(ctx context.Context, r Rule, brand string, at time.Time, snap *snapshot, states stateFunc, emit emitFunc) error {
	end := windowEnd(at)
	from := end.Add(-r.Window - e.opts.Lookback)
	scopes, err := e.scopes(r, brand, snap, from, end, at)
	if err != nil {
		return err
	}
	failing, err := snap.failingAt(end.Add(-r.Window-24*time.Hour), at)
	if err != nil {
		return err
	}
	incomplete := failing
	if sources, listed := e.opts.BrandSources[brand]; listed {
		incomplete = nil
		for _, src := range failing {
			if slices.Contains(sources, src) {
				incomplete = append(incomplete, src)
			}
		}
	}
	for i := range scopes {
		if err := e.scope(ctx, r, &scopes[i], at, scopeIncomplete(&scopes[i], incomplete), states, emit); err != nil {
			return err
		}
	}
	return nil
}

// scopeIncomplete narrows the brand's failing sources to a per-source
// scope's own: another source failing says nothing about this one's counts
// (and must not hide its storm, or hold up its resolve).
func scopeIncomplete(sc *scope, incomplete []string) []string {
	if sc.source == "" {
		return incomplete
	}
	if slices.Contains(incomplete, sc.source) {
		return []string{sc.source}
	}
	return nil
}

// scope decides one scope: fire, resolve, or nothing.
func (e *Evaluator) scope(ctx context.Context, r Rule, sc *scope, at time.Time, incomplete []string, states stateFunc, emit emitFunc) error {
	end := windowEnd(at)
	in, ok := sc.inputs(r, at, end.Add(-r.Window), end, incomplete)
	if !ok {
		return nil
	}
	key := sc.key(r.Name)
	st, _, err := states(key)
	if err != nil {
		return fmt.Errorf("read alert state %s: %w", key, err)
	}
	st.Key = key
	cur := detect(in)
	prevIn, prev, havePrev := in, cur, false
	if st.Firing && !cur.Fires {
		prevIn, prev, havePrev = e.settled(r, sc, at, incomplete, st.LastFiredAt)
	}
	kind, sev := decide(r, st, cur, prev, havePrev, at)
	if kind == "" {
		return nil
	}
	if kind == model.AlertResolved {
		in, cur = prevIn, prev
	}
	a, err := e.newAlert(r, sc, kind, sev, in, cur, st, at)
	if err != nil {
		return err
	}
	other, err := e.companion(r, sc, at, states)
	if err != nil {
		return err
	}
	switch kind {
	case model.AlertFiring:
		e.explain(ctx, &a, r, sc)
		a.FollowsUp = other
	case model.AlertResolved:
		a.StormOver = other == ""
	}
	return emit(a, nextState(st, a, at))
}

// staleFiring is how long a firing state may go without a new alert before
// a firing window counts as a new storm (see decide).
const staleFiring = 24 * time.Hour

// companionAge bounds how long ago another rule's alert may have fired for a
// new one to count as the same storm and join its thread.
const companionAge = 24 * time.Hour

// companion returns the alert of another rule that is firing for the same
// scope (the volume test and the share test both see one storm), or "".
func (e *Evaluator) companion(r Rule, sc *scope, at time.Time, states stateFunc) (string, error) {
	for _, o := range e.rules {
		if o.Name == r.Name || o.Detector == SourceHealth {
			continue
		}
		key := sc.key(o.Name)
		st, ok, err := states(key)
		if err != nil {
			return "", fmt.Errorf("read alert state %s: %w", key, err)
		}
		if ok && st.Firing && st.LastAlertID != "" && at.Sub(st.LastFiredAt) < companionAge {
			return st.LastAlertID, nil
		}
	}
	return "", nil
}

// settled judges the last two complete windows for a resolve: a fresh hour
// always looks calm, and one calm hour inside a storm is chance, so the
// metric must be normal in both. It returns the later window. Both must
// start no earlier than the window the alert fired on: an alert raised
// mid-hour on the current hour would otherwise be "resolved" by the calm
// hours before its storm.
func (e *Evaluator) settled(r Rule, sc *scope, at time.Time, incomplete []string, firedAt time.Time) (Inputs, Result, bool) {
	last := at.Truncate(time.Hour)
	if firing := windowEnd(firedAt).Add(-r.Window); last.Add(-r.Window - time.Hour).Before(firing) {
		return Inputs{}, Result{}, false
	}
	in, ok := sc.inputs(r, at, last.Add(-r.Window), last, incomplete)
	before, ok2 := sc.inputs(r, at, last.Add(-r.Window-time.Hour), last.Add(-time.Hour), incomplete)
	if !ok || !ok2 {
		return in, Result{}, false
	}
	res, res2 := detect(in), detect(before)
	res.Normal = res.Normal && res2.Normal
	res.Incomplete = res.Incomplete || res2.Incomplete
	return in, res, true
}

// decide applies cooldown, severity-rise and resolve rules to a verdict.
// prev is the last complete windows' verdict, used only to resolve.
func decide(r Rule, st model.AlertState, cur, prev Result, havePrev bool, at time.Time) (model.AlertKind, int) {
	switch {
	case cur.Fires && st.Firing:
		if cur.Severity > st.Severity { // the storm grew: say so
			return model.AlertFiring, cur.Severity
		}
		// A day after it fired, a firing state is more likely stale (the
		// service was down when the storm ended, so no resolve was judged)
		// than one storm: announce this one. A storm that truly lasts days
		// gets a daily reminder, not silence.
		if r.Detector != SourceHealth && at.Sub(st.LastFiredAt) >= staleFiring {
			// (A source alert's window does not move, so a reminder would be
			// the same alert again: its state ends with a resolve instead.)
			return model.AlertFiring, cur.Severity
		}
	case cur.Fires:
		cooling := !st.LastFiredAt.IsZero() && at.Sub(st.LastFiredAt) < r.Cooldown
		if !cooling || cur.Severity > st.Severity {
			return model.AlertFiring, cur.Severity
		}
	case st.Firing && havePrev && !cur.Incomplete && prev.Normal && !prev.Incomplete:
		// An incomplete window may look calm only because data is missing.
		return model.AlertResolved, st.Severity
	}
	return "", 0
}

// newAlert builds the alert for a decision on the window of in.
func (e *Evaluator) newAlert(r Rule, sc *scope, kind model.AlertKind, sev int, in Inputs, res Result, st model.AlertState, at time.Time) (model.Alert, error) {
	a := model.Alert{
		Kind: kind, Rule: r.Name, Brand: sc.brand, Aspect: sc.aspect, Source: sc.source,
		Detector: r.Detector, DetectorVersion: DetectorVersion, ConfigHash: r.hash(), Severity: sev,
		WindowStart: in.WindowStart, WindowEnd: in.WindowEnd,
		Observed: res.Observed, Expected: res.Expected, Share: res.Share, BaselineShare: res.BaselineShare,
		PValue: res.PValue, Incomplete: res.Incomplete, CreatedAt: at,
	}
	raw, err := json.Marshal(in)
	if err != nil {
		return model.Alert{}, fmt.Errorf("encode inputs of rule %s for %s: %w", r.Name, sc.brand, err)
	}
	a.Inputs = raw
	if kind == model.AlertResolved {
		a.Resolves = st.LastAlertID
	}
	return e.finish(a, in.IncompleteSources), nil
}
