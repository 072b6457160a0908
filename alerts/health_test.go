package alerts_test

import (
	"context"
	"testing"
	"time"

	"github.com/earshot/earshot/alerts"
	"github.com/earshot/earshot/alerts/alertstest"
	"github.com/earshot/earshot/internal/model"
)

func runs(src string, from time.Time, every time.Duration, errs ...string) []model.CrawlRun {
	var out []model.CrawlRun
	for i, e := range errs {
		at := from.Add(time.Duration(i) * every)
		r := model.CrawlRun{Source: src, Started: at, Finished: at.Add(time.Minute), Err: e}
		if e == "" {
			r.New = 1
		}
		out = append(out, r)
	}
	return out
}

func TestSourceHealthFailingThenRecovers(t *testing.T) {
	st := alertstest.NewMemStore()
	base := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	st.AddRuns(runs("forum", base, 30*time.Minute, "", "", "503", "503", "503", "503")...)
	st.AddRuns(runs("reviews", base, 30*time.Minute, "", "503", "", "503", "", "")...)
	e := newEvaluator(t, st, nil, []alerts.Rule{{Detector: alerts.SourceHealth}})
	at := base.Add(3 * time.Hour)
	got, err := e.Evaluate(context.Background(), at)
	if err != nil {
		t.Fatalf("Evaluate: %v", err)
	}
	if len(got) != 1 || got[0].Kind != model.AlertSource || got[0].Source != "forum" || got[0].Detector != alerts.SourceFailing {
		t.Fatalf("Evaluate = %v, want one source_failing alert for forum (reviews recovers between failures)", kinds(got))
	}
	if got[0].Observed != 4 || !got[0].WindowStart.Equal(base.Add(time.Hour)) {
		t.Errorf("failing alert observed %v since %s, want 4 runs since %s", got[0].Observed, got[0].WindowStart, base.Add(time.Hour))
	}
	st.AddRuns(model.CrawlRun{Source: "forum", Started: at.Add(10 * time.Minute), Finished: at.Add(11 * time.Minute), Err: "503"})
	if again, _ := e.Evaluate(context.Background(), at.Add(15*time.Minute)); len(again) != 0 {
		t.Errorf("a fifth failure re-notified: %v", kinds(again))
	}
	st.AddRuns(model.CrawlRun{Source: "forum", Started: at.Add(40 * time.Minute), Finished: at.Add(41 * time.Minute), New: 3})
	res, err := e.Evaluate(context.Background(), at.Add(45*time.Minute))
	if err != nil || len(res) != 1 || res[0].Kind != model.AlertResolved || res[0].Resolves != got[0].ID {
		t.Errorf("after a successful run Evaluate = %v, %v; want a resolve of %s", kinds(res), err, got[0].ID)
	}
}

func TestSourceHealthSilent(t *testing.T) {
	st := alertstest.NewMemStore()
	base := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	st.AddRuns(runs("feed", base, time.Hour, "", "")...) // delivered new mentions
	for i := range 30 {                                  // then 30 hours of successful, empty runs
		at := base.Add(time.Duration(i+2) * time.Hour)
		st.AddRuns(model.CrawlRun{Source: "feed", Started: at, Finished: at.Add(time.Minute)})
	}
	e := newEvaluator(t, st, nil, []alerts.Rule{{Detector: alerts.SourceHealth, SilentFor: 24 * time.Hour}})
	quiet, _ := e.Evaluate(context.Background(), base.Add(20*time.Hour))
	if len(quiet) != 0 {
		t.Errorf("after 19 silent hours Evaluate = %v, want nothing yet", kinds(quiet))
	}
	got, err := e.Evaluate(context.Background(), base.Add(31*time.Hour))
	if err != nil || len(got) != 1 || got[0].Detector != alerts.SourceSilent {
		t.Fatalf("after 30 silent hours Evaluate = %v, %v; want one source_silent alert", kinds(got), err)
	}
}
