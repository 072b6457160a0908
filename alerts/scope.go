package alerts

import (
	"slices"
	"time"

	"github.com/earshot/earshot/internal/model"
)

// scope is one thing a brand rule watches: a brand, or a brand's aspect or
// source, with its hourly series.
type scope struct {
	brand, aspect, source string
	start                 time.Time // first hour of the series
	neg, scored           []int64   // hourly, start .. window end
	buckets               []model.Bucket
}

func (s *scope) key(rule string) string {
	return rule + "|" + s.brand + "|" + s.aspect + "|" + s.source
}

// scopes builds the scopes of rule r for brand over the buckets in [from,
// end), once per evaluation for all rules that share brand, "by" and span.
func (e *Evaluator) scopes(r Rule, brand string, snap *snapshot, from, end time.Time, at time.Time) ([]scope, error) {
	key := scopeKey{brand, r.By, from, end}
	if sc, ok := snap.scopes[key]; ok {
		return sc, nil
	}
	sc, err := e.buildScopes(r, brand, snap, from, end, at)
	if err != nil {
		return nil, err
	}
	if snap.scopes == nil {
		snap.scopes = map[scopeKey][]scope{}
	}
	snap.scopes[key] = sc
	return sc, nil
}

type scopeKey struct {
	brand, by string
	from, end time.Time
}

func (e *Evaluator) buildScopes(r Rule, brand string, snap *snapshot, from, end time.Time, at time.Time) ([]scope, error) {
	var sources []string
	switch r.By {
	case "source":
		sources = e.sourcesOf(brand, snap, from, at)
	default:
		sources = []string{""}
	}
	var out []scope
	for _, src := range sources {
		bs, err := snap.bucketsOf(brand, src, from, end)
		if err != nil {
			return nil, err
		}
		if len(bs) == 0 {
			continue
		}
		if r.By == "aspect" {
			out = append(out, aspectScopes(brand, bs, end)...)
			continue
		}
		out = append(out, seriesScope(scope{brand: brand, source: src, buckets: bs}, end, func(b *model.Bucket) (int64, int64) {
			return b.Negative(), b.Counts[0] + b.Counts[1] + b.Counts[2]
		}))
	}
	return out, nil
}

// sourcesOf lists the sources feeding brand: from the options, or every
// source that ran in the lookback.
func (e *Evaluator) sourcesOf(brand string, snap *snapshot, from, at time.Time) []string {
	if srcs, ok := e.opts.BrandSources[brand]; ok {
		out := slices.Clone(srcs)
		slices.Sort(out)
		return out
	}
	runs, err := snap.runsUntil(from, at)
	if err != nil {
		e.log.Warn("list sources for brand", "brand", brand, "err", err)
		return nil
	}
	return sourcesSeen(runs)
}

// aspectScopes makes one scope per aspect seen in bs, sorted by aspect.
func aspectScopes(brand string, bs []model.Bucket, end time.Time) []scope {
	var aspects []string
	for i := range bs {
		for a := range bs[i].Aspects {
			if !slices.Contains(aspects, a) {
				aspects = append(aspects, a)
			}
		}
	}
	slices.Sort(aspects)
	out := make([]scope, 0, len(aspects))
	for _, a := range aspects {
		out = append(out, seriesScope(scope{brand: brand, aspect: a, buckets: bs}, end, func(b *model.Bucket) (int64, int64) {
			t := b.Aspects[a]
			return t.Negative, t.Count
		}))
	}
	return out
}

// seriesScope densifies the buckets of sc into hourly series from the first
// bucket to end (hours without a bucket are zero).
func seriesScope(sc scope, end time.Time, counts func(*model.Bucket) (neg, scored int64)) scope {
	sc.start = sc.buckets[0].Hour.UTC().Truncate(time.Hour)
	n := int(end.Sub(sc.start) / time.Hour)
	sc.neg, sc.scored = make([]int64, n), make([]int64, n)
	first := sc.start.Unix()
	for i := range sc.buckets {
		b := &sc.buckets[i]
		h := int((b.Hour.Unix() - first) / 3600)
		if h < 0 || h >= n {
			continue
		}
		neg, scored := counts(b)
		sc.neg[h] += neg
		sc.scored[h] += scored
	}
	return sc
}

// inputs cuts the series of sc down to the window [ws, we) and its history.
func (sc *scope) inputs(r Rule, at, ws, we time.Time, incomplete []string) (Inputs, bool) {
	n := int(we.Sub(sc.start) / time.Hour)
	if n < int(we.Sub(ws)/time.Hour) || n > len(sc.neg) {
		return Inputs{}, false // the scope starts inside the window, or the window is not covered
	}
	return Inputs{
		Detector: r.Detector, Version: DetectorVersion, Alpha: r.alpha(),
		MinNegative: r.MinNegative, MinTotal: r.MinTotal, MinLift: r.MinLift,
		At: at, SeriesStart: sc.start, WindowStart: ws, WindowEnd: we,
		Negative: sc.neg[:n], Scored: sc.scored[:n], IncompleteSources: incomplete,
	}, true
}
