package alerts

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/earshot/earshot/internal/model"
)

const (
	maxExamples   = 5
	maxTop        = 5
	exampleRunes  = 280
	baselineSpan  = 3 * 24 * time.Hour // negative mentions read for the term baseline
	maxScanned    = 20000              // negatives read per span, to bound a storm's cost
	aspectBaseHrs = 7 * 24
)

// errEnough stops a mention scan that has read its fill.
var errEnough = errors.New("enough mentions")

// negatives aggregates the negative mentions of one scope over a span.
type negatives struct {
	n        int
	df       map[string]int // mentions containing each term
	sources  map[string]int
	examples []model.AlertExample
}

// explain adds top aspects (from rollups) and, when mentions can be read,
// top terms, top sources and the most negative examples of the window.
func (e *Evaluator) explain(ctx context.Context, a *model.Alert, r Rule, sc *scope) {
	a.TopAspects = topAspects(sc, a.WindowStart, a.WindowEnd)
	if e.mentions == nil {
		return
	}
	skip := map[string]bool{}
	for _, w := range terms(sc.brand, nil) {
		skip[w] = true
	}
	win, err := e.scan(ctx, sc, a.WindowStart, a.WindowEnd, skip)
	if err == nil {
		var base negatives
		base, err = e.scan(ctx, sc, a.WindowStart.Add(-baselineSpan), a.WindowStart, skip)
		a.TopTerms = lifts(win.df, win.n, base.df, base.n, 2)
		a.TopSources = lifts(win.sources, win.n, base.sources, base.n, 1)
		a.Examples = win.examples
	}
	if err != nil {
		// The alert matters more than its examples: send it without them.
		e.log.Warn("read mentions to explain alert", "rule", r.Name, "brand", sc.brand, "err", err)
	}
}

// scan reads the negative mentions of sc published in [from, to).
func (e *Evaluator) scan(ctx context.Context, sc *scope, from, to time.Time, skip map[string]bool) (negatives, error) {
	agg := negatives{df: map[string]int{}, sources: map[string]int{}}
	err := e.mentions(sc.brand, from, to, func(m *model.Mention) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !inScope(m, sc, from, to) {
			return nil
		}
		agg.add(m, skip)
		if agg.n >= maxScanned {
			return errEnough
		}
		return nil
	})
	if err != nil && !errors.Is(err, errEnough) {
		return agg, fmt.Errorf("scan mentions of %s %s..%s: %w", sc.brand, from.Format(time.RFC3339), to.Format(time.RFC3339), err)
	}
	return agg, nil
}

// inScope: a negative, scored mention of the scope's source or aspect, in the span.
func inScope(m *model.Mention, sc *scope, from, to time.Time) bool {
	a := m.Analysis
	if a == nil || !a.Scored || a.Label != model.Negative || m.PublishedAt.Before(from) || !m.PublishedAt.Before(to) {
		return false
	}
	if sc.source != "" && m.Source != sc.source {
		return false
	}
	return sc.aspect == "" || slices.ContainsFunc(a.Aspects, func(s model.AspectScore) bool { return s.Aspect == sc.aspect })
}

func (g *negatives) add(m *model.Mention, skip map[string]bool) {
	g.n++
	g.sources[m.Source]++
	for _, t := range terms(m.Title+" "+m.Text, skip) {
		g.df[t]++
	}
	ex := model.AlertExample{MentionID: m.ID, URL: httpURL(m.URL), Source: m.Source,
		Text: truncate(strings.Join(strings.Fields(m.Text), " "), exampleRunes), Score: m.Analysis.Score}
	i, _ := slices.BinarySearchFunc(g.examples, ex, compareExamples)
	if i < maxExamples {
		g.examples = slices.Insert(g.examples, i, ex)
		g.examples = g.examples[:min(len(g.examples), maxExamples)]
	}
}

// compareExamples orders the most negative first, then by ID for determinism.
func compareExamples(a, b model.AlertExample) int {
	return cmp.Or(cmp.Compare(a.Score, b.Score), cmp.Compare(a.MentionID, b.MentionID))
}

// lifts ranks keys by how much more often they occur in the window than in
// the baseline, weighted by how often: count x ln(lift), over keys seen at
// least minCount times in the window and more often than usual.
func lifts(win map[string]int, nWin int, base map[string]int, nBase int, minCount int) []model.TermLift {
	type scored struct {
		model.TermLift
		score float64
	}
	var all []scored
	for k, c := range win {
		lift := (float64(c) + 0.5) / (float64(nWin) + 1) / ((float64(base[k]) + 0.5) / (float64(nBase) + 1))
		if c < minCount || lift <= 1 {
			continue
		}
		lift = math.Round(lift*100) / 100
		all = append(all, scored{model.TermLift{Term: k, Count: int64(c), Lift: lift}, float64(c) * math.Log(lift)})
	}
	slices.SortFunc(all, func(a, b scored) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.Term, b.Term))
	})
	out := make([]model.TermLift, 0, maxTop)
	for _, s := range all[:min(len(all), maxTop)] {
		out = append(out, s.TermLift)
	}
	return out
}

// topAspects compares the aspects of negative mentions in the window with
// the week before, from rollups.
func topAspects(sc *scope, ws, we time.Time) []model.TermLift {
	win, base := map[string]int{}, map[string]int{}
	var nWin, nBase int
	from := ws.Add(-aspectBaseHrs * time.Hour)
	for i := range sc.buckets {
		b := &sc.buckets[i]
		m, n := base, &nBase
		switch {
		case b.Hour.Before(from) || !b.Hour.Before(we):
			continue
		case !b.Hour.Before(ws):
			m, n = win, &nWin
		}
		*n += int(b.Negative())
		for a, t := range b.Aspects {
			m[a] += int(t.Negative)
		}
	}
	return lifts(win, nWin, base, nBase, 1)
}

// httpURL returns raw when it is an absolute http(s) URL, else "".
func httpURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// jsonInputs encodes a detector's inputs for Alert.Inputs.
func jsonInputs(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode alert inputs: %w", err)
	}
	return b, nil
}
