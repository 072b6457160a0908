package alerts_test

import (
	"context"
	"testing"
	"time"

	"github.com/earshot/earshot/alerts"
	"github.com/earshot/earshot/alerts/alertstest"
	"github.com/earshot/earshot/internal/model"
)

// A source that delivered once and then stays silent (its runs succeed but
// bring nothing new) must not be announced "healthy again" just because its
// last new mention slid out of the 7-day look-back.
func TestSilentSourceIsNotResolvedAfterAWeek(t *testing.T) {
	st := alertstest.NewMemStore()
	base := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	st.AddRuns(model.CrawlRun{Source: "feed", Started: base, Finished: base.Add(time.Minute), New: 5})
	for i := 1; i < 10*24; i++ { // ten days of hourly, successful, empty runs
		at := base.Add(time.Duration(i) * time.Hour)
		st.AddRuns(model.CrawlRun{Source: "feed", Started: at, Finished: at.Add(time.Minute)})
	}
	e := newEvaluator(t, st, nil, []alerts.Rule{{Detector: alerts.SourceHealth, SilentFor: 24 * time.Hour}})
	var all []model.Alert
	for h := 1; h < 10*24; h++ {
		got, err := e.Evaluate(context.Background(), base.Add(time.Duration(h)*time.Hour+30*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range got {
			t.Logf("at +%dh: %s %s: %s", h, a.Kind, a.Detector, a.Summary)
		}
		all = append(all, got...)
	}
	if n := countKind(all, model.AlertSource, alerts.SourceSilent); n != 1 {
		t.Fatalf("%d source_silent alerts over ten silent days, want exactly 1", n)
	}
	if n := countKind(all, model.AlertResolved, ""); n != 0 {
		t.Errorf("source still silent (no new mention for 10 days), yet %d resolve notice(s) said it is healthy again", n)
	}
}
