package alerts

import (
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/earshot/earshot/internal/model"
)

// History is the read side of the store that detection needs. *store.DB
// satisfies it.
type History interface {
	// Buckets returns the hourly rollups of brand (source "" = all sources)
	// with data in [from, to), ascending.
	Buckets(brand, source string, from, to time.Time) ([]model.Bucket, error)
	// CrawlRuns returns the runs of source ("" = all) started in [from, to).
	CrawlRuns(source string, from, to time.Time) ([]model.CrawlRun, error)
}

// snapshot reads history once per scope for a span of time and serves the
// evaluations inside it, so Evaluate reads each brand's rollups once for all
// rules and Replay reads them once for all steps.
type snapshot struct {
	h        History
	from, to time.Time
	buckets  map[[2]string][]model.Bucket
	runs     []model.CrawlRun
	runsRead bool
	failing  map[[2]time.Time][]string // memo of failingSources over all sources
	cache    *bucketCache              // settled history kept between evaluations; nil in Replay
	scopes   map[scopeKey][]scope      // series built this evaluation, shared by rules
}

func newSnapshot(h History, from, to time.Time) *snapshot {
	return &snapshot{h: h, from: from, to: to, buckets: map[[2]string][]model.Bucket{}}
}

// bucketsOf returns the buckets of brand and source with Hour in [from, to).
func (s *snapshot) bucketsOf(brand, source string, from, to time.Time) ([]model.Bucket, error) {
	key := [2]string{brand, source}
	all, ok := s.buckets[key]
	if !ok {
		var err error
		if s.cache != nil {
			all, err = s.cache.read(s.h, brand, source, s.to)
		} else {
			all, err = s.h.Buckets(brand, source, s.from, s.to)
		}
		if err != nil {
			return nil, fmt.Errorf("read rollups of %s/%s: %w", brand, source, err)
		}
		// The contract says ascending; sorting again costs nothing when true
		// and keeps the detectors honest when not.
		sort.SliceStable(all, func(i, j int) bool { return all[i].Hour.Before(all[j].Hour) })
		s.buckets[key] = all
	}
	lo := sort.Search(len(all), func(i int) bool { return !all[i].Hour.Before(from) })
	hi := sort.Search(len(all), func(i int) bool { return !all[i].Hour.Before(to) })
	return all[lo:hi], nil
}

// runsUntil returns the crawl runs started in [from, at], in start order.
func (s *snapshot) runsUntil(from, at time.Time) ([]model.CrawlRun, error) {
	if !s.runsRead {
		// to is exclusive in the store; a run starting at the evaluation moment counts.
		runs, err := s.h.CrawlRuns("", s.from, s.to.Add(time.Second))
		if err != nil {
			return nil, fmt.Errorf("read crawl runs: %w", err)
		}
		slices.SortStableFunc(runs, func(a, b model.CrawlRun) int { return a.Started.Compare(b.Started) })
		s.runs, s.runsRead = runs, true
	}
	lo := sort.Search(len(s.runs), func(i int) bool { return !s.runs[i].Started.Before(from) })
	hi := sort.Search(len(s.runs), func(i int) bool { return s.runs[i].Started.After(at) })
	if lo > hi {
		return nil, nil
	}
	return s.runs[lo:hi], nil
}

// failingAt returns the sources whose latest run started in [from, at]
// failed, computed once per span for every brand of an evaluation.
func (s *snapshot) failingAt(from, at time.Time) ([]string, error) {
	key := [2]time.Time{from, at}
	if f, ok := s.failing[key]; ok {
		return f, nil
	}
	runs, err := s.runsUntil(from, at)
	if err != nil {
		return nil, err
	}
	if s.failing == nil {
		s.failing = map[[2]time.Time][]string{}
	}
	s.failing[key] = failingSources(runs, nil)
	return s.failing[key], nil
}

// failingSources returns, sorted, the sources among of (nil: all) whose
// latest run started in [from, at] failed: their data for the window may be
// missing, so the window is incomplete.
func failingSources(runs []model.CrawlRun, of []string) []string {
	latest := map[string]model.CrawlRun{}
	for _, r := range runs {
		latest[r.Source] = r // runs are in start order
	}
	var out []string
	for src, r := range latest {
		if r.Err != "" && (of == nil || slices.Contains(of, src)) {
			out = append(out, src)
		}
	}
	slices.Sort(out)
	return out
}

// sourcesSeen lists, sorted, the sources that ran in runs.
func sourcesSeen(runs []model.CrawlRun) []string {
	var out []string
	for _, r := range runs {
		if !slices.Contains(out, r.Source) {
			out = append(out, r.Source)
		}
	}
	slices.Sort(out)
	return out
}
