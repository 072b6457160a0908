package pipeline_test

import (
	"context"
	"testing"
	"time"

	"github.com/earshot/earshot/crawler"
	"github.com/earshot/earshot/internal/model"
)

type cancelled struct{}

func (cancelled) Name() string { return "news" }
func (cancelled) Fetch(ctx context.Context, _ model.SourceState) (crawler.Batch, error) {
	<-ctx.Done() // a crawl still going when earshot run's stop grace ends
	return crawler.Batch{}, ctx.Err()
}

// A pass cancelled because the service is stopping is not a source failure:
// it must not grow the failure streak or log a failed run, which the
// source_health rule (failing_runs) counts toward a "source failing" alert.
func TestShutdownCancellationIsNotASourceFailure(t *testing.T) {
	p, db := setup(t)
	db.PutSourceState(model.SourceState{Source: "news", ConsecutiveFailures: 2, LastError: ""})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p.Run(ctx, cancelled{}, "")
	st, _ := db.SourceState("news")
	runs, _ := db.CrawlRuns("news", t0.Add(-24*time.Hour), time.Time{})
	if st.ConsecutiveFailures != 2 || st.LastError != "" || len(runs) != 0 {
		t.Errorf("after a cancelled pass: failures %d (was 2), last error %q, failed runs stored %d; want it left unrecorded",
			st.ConsecutiveFailures, st.LastError, len(runs))
	}
}
