package alerts

import (
	"errors"
	"fmt"
	"time"

	"github.com/earshot/earshot/internal/model"
)

// health evaluates a source_health rule: a source whose last FailingRuns
// runs all failed, or whose successful runs brought nothing new for
// SilentFor while it had delivered before, raises a source alert.
func (e *Evaluator) health(r Rule, at time.Time, snap *snapshot, states stateFunc, emit emitFunc) error {
	look := max(7*24*time.Hour, 2*r.SilentFor)
	runs, err := snap.runsUntil(at.Add(-look), at)
	if err != nil {
		return fmt.Errorf("rule %s: %w", r.Name, err)
	}
	bySource := map[string][]model.CrawlRun{}
	for _, run := range runs {
		bySource[run.Source] = append(bySource[run.Source], run)
	}
	var errs []error
	for _, src := range sourcesSeen(runs) {
		if err := e.sourceHealth(r, src, bySource[src], at, states, emit); err != nil {
			errs = append(errs, fmt.Errorf("rule %s source %s: %w", r.Name, src, err))
		}
	}
	return errors.Join(errs...)
}

// sourceVerdict is what health decided for one source.
type sourceVerdict struct {
	detector   string
	start, end time.Time // stable across evaluations, for the alert ID
	observed   float64   // failed runs in a row, or hours silent
	expected   float64
	lastErr    string
}

func (e *Evaluator) sourceHealth(r Rule, src string, runs []model.CrawlRun, at time.Time, states stateFunc, emit emitFunc) error {
	key := r.Name + "|||" + src
	st, _, err := states(key)
	if err != nil {
		return fmt.Errorf("read alert state %s: %w", key, err)
	}
	st.Key = key
	v, fires := judgeSource(r, runs, at)
	if !fires && st.Firing && !recovered(runs, st.LastFiredAt) {
		return nil
	}
	cur := Result{Fires: fires, Normal: !fires, Severity: 1}
	if v.detector == SourceFailing {
		cur.Severity = 2
	}
	kind, sev := decide(r, st, cur, cur, true, at)
	if kind == "" {
		return nil
	}
	if kind == model.AlertFiring {
		kind = model.AlertSource
	} else {
		v = sourceVerdict{detector: SourceHealth, start: lastRun(runs).Started, end: at}
	}
	a := model.Alert{
		Kind: kind, Rule: r.Name, Source: src, Detector: v.detector, DetectorVersion: DetectorVersion,
		ConfigHash: r.hash(), Severity: sev, WindowStart: v.start, WindowEnd: v.end,
		Observed: v.observed, Expected: v.expected, CreatedAt: at,
	}
	if kind == model.AlertResolved {
		a.Resolves = st.LastAlertID
	}
	a.ID = AlertID(a.Rule, "", "", src, a.WindowStart, a.WindowEnd, a.Kind, a.Severity)
	a.Summary = sourceSummary(a, v)
	a.DashboardURL = dashboardLink(e.opts.DashboardURL, a)
	a.Inputs, err = jsonInputs(map[string]any{"runs": runs, "failing_runs": r.FailingRuns, "silent_for": r.SilentFor.String(), "at": at})
	if err != nil {
		return err
	}
	return emit(a, nextState(st, a, at))
}

// judgeSource decides whether src is failing or silent at at.
func judgeSource(r Rule, runs []model.CrawlRun, at time.Time) (sourceVerdict, bool) {
	streak := 0
	for i := len(runs) - 1; i >= 0 && runs[i].Err != ""; i-- {
		streak++
	}
	if streak >= r.FailingRuns {
		first := runs[len(runs)-streak]
		return sourceVerdict{detector: SourceFailing, start: first.Started,
			end: runs[len(runs)-streak+r.FailingRuns-1].Started, observed: float64(streak),
			expected: float64(r.FailingRuns), lastErr: runs[len(runs)-1].Err}, true
	}
	if r.SilentFor <= 0 {
		return sourceVerdict{}, false
	}
	var lastNew, lastOK time.Time
	for _, run := range runs {
		if run.Err == "" {
			lastOK = run.Finished
			if run.New > 0 {
				lastNew = run.Finished
			}
		}
	}
	// Silent: it delivered before, its runs still succeed, and nothing new came.
	if !lastNew.IsZero() && at.Sub(lastNew) >= r.SilentFor && lastOK.After(lastNew) {
		return sourceVerdict{detector: SourceSilent, start: lastNew, end: lastNew.Add(r.SilentFor),
			observed: at.Sub(lastNew).Hours(), expected: r.SilentFor.Hours()}, true
	}
	return sourceVerdict{}, false
}

// recovered reports whether a source alert raised at firedAt has positive
// evidence of recovery. An alert raised while the source was failing (its
// last run then had failed) recovers with any successful run since. One
// raised for silence recovers only with a run since that brought something:
// a silent source whose last productive run merely aged out of the
// look-back is still silent.
func recovered(runs []model.CrawlRun, firedAt time.Time) bool {
	failing := false
	for _, run := range runs {
		if !run.Finished.After(firedAt) {
			failing = run.Err != ""
		}
	}
	for _, run := range runs {
		if run.Finished.After(firedAt) && run.Err == "" && (failing || run.New > 0) {
			return true
		}
	}
	return false
}

func lastRun(runs []model.CrawlRun) model.CrawlRun {
	if len(runs) == 0 {
		return model.CrawlRun{}
	}
	return runs[len(runs)-1]
}

func sourceSummary(a model.Alert, v sourceVerdict) string {
	switch v.detector {
	case SourceFailing:
		return fmt.Sprintf("source %s: %.0f runs in a row failed since %s (last error: %s)",
			a.Source, v.observed, v.start.UTC().Format(time.RFC3339), truncate(v.lastErr, 200))
	case SourceSilent:
		return fmt.Sprintf("source %s: no new mentions for %.0f hours although its runs succeed", a.Source, v.observed)
	}
	return fmt.Sprintf("source %s: healthy again", a.Source)
}
