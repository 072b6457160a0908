package alerts_test

import (
	"context"
	"testing"
	"time"

	"github.com/earshot/earshot/alerts"
	"github.com/earshot/earshot/alerts/alertstest"
	"github.com/earshot/earshot/internal/model"
)

// A source that fails (alert), recovers (its runs succeed again, but the
// hashtag is quiet so nothing new comes), and then fails again an hour later:
// the recovery must be announced, and the second outage must be alerted.
func TestFailingSourceRecoversQuietlyThenFailsAgain(t *testing.T) {
	st := alertstest.NewMemStore()
	base := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	run := func(min int, new int, err string) {
		at := base.Add(time.Duration(min) * time.Minute)
		st.AddRuns(model.CrawlRun{Source: "masto", Started: at, Finished: at.Add(time.Second), New: new, Err: err})
	}
	e := newEvaluator(t, st, nil, []alerts.Rule{{Name: "sources-down", Detector: alerts.SourceHealth, FailingRuns: 2, Cooldown: 10 * time.Minute}})
	var all []model.Alert
	eval := func(min int) {
		got, err := e.Evaluate(context.Background(), base.Add(time.Duration(min)*time.Minute+30*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range got {
			t.Logf("at +%dm: %s %s: %s", min, a.Kind, a.Detector, a.Summary)
		}
		all = append(all, got...)
	}
	run(0, 5, "")
	run(10, 0, "HTTP 500")
	run(20, 0, "HTTP 500")
	eval(20)                         // outage 1 alerted
	for m := 30; m <= 120; m += 10 { // back up: runs succeed, nothing new on a quiet tag
		run(m, 0, "")
		eval(m)
	}
	run(130, 0, "HTTP 500") // outage 2
	run(140, 0, "HTTP 500")
	eval(140)
	run(150, 0, "HTTP 500")
	eval(150)
	if n := countKind(all, model.AlertResolved, ""); n == 0 {
		t.Errorf("source recovered at +30m (ten successful runs), yet no resolve notice was sent")
	}
	if n := countKind(all, model.AlertSource, alerts.SourceFailing); n != 2 {
		t.Errorf("two separate outages (+10m..+20m and +130m..+150m), got %d source_failing alert(s)", n)
	}
}
