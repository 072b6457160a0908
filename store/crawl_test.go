package store_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/store"
)

func TestSourceStates(t *testing.T) {
	db := MustOpen(t)
	if got, err := db.SourceState("reddit"); err != nil || !reflect.DeepEqual(got, model.SourceState{Source: "reddit"}) {
		t.Errorf("SourceState of an unknown source = %+v, %v; want the zero state named reddit", got, err)
	}
	states := []model.SourceState{
		{Source: "hackernews", Cursor: "41230000", LastRun: base, LastSuccess: base},
		{Source: "reddit", ETag: `W/"abc"`, LastError: "HTTP 503", LastErrorAt: base, ConsecutiveFailures: 3},
	}
	for _, s := range states {
		if err := db.PutSourceState(s); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := db.SourceStates(); !reflect.DeepEqual(got, states) {
		t.Errorf("SourceStates = %+v, want %+v", got, states)
	}
	if err := db.PutSourceState(model.SourceState{}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("PutSourceState without a name = %v, want ErrInvalid", err)
	}
}

func TestCrawlRunsAreBoundedPerSource(t *testing.T) {
	db := MustOpen(t)
	const n = store.MaxRunsPerSource + 150
	for start := 0; start < n; start += 100 {
		var runs []model.CrawlRun
		for i := start; i < min(n, start+100); i++ {
			at := base.Add(time.Duration(i) * time.Minute)
			runs = append(runs, model.CrawlRun{Source: "reddit", Started: at, Finished: at.Add(time.Second), Fetched: i})
		}
		runs = append(runs, model.CrawlRun{Source: "hn", Started: base.Add(time.Duration(start) * time.Minute)})
		if _, err := db.PutBatch(store.Batch{Runs: runs}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.CrawlRuns("reddit", time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != store.MaxRunsPerSource || got[0].Fetched != n-store.MaxRunsPerSource || got[len(got)-1].Fetched != n-1 {
		t.Errorf("CrawlRuns(reddit) kept %d runs from #%d, want the newest %d", len(got), got[0].Fetched, store.MaxRunsPerSource)
	}
	window, _ := db.CrawlRuns("", base.Add(200*time.Minute), base.Add(210*time.Minute))
	if len(window) != 11 { // ten reddit runs and the hn run started at minute 200
		t.Errorf("CrawlRuns(all, 200m..210m) = %d runs, want 11", len(window))
	}
	for i := 1; i < len(window); i++ {
		if window[i].Started.Before(window[i-1].Started) {
			t.Errorf("CrawlRuns not in start order at %d", i)
		}
	}
}
