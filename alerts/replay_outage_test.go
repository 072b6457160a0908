package alerts_test

import (
	"context"
	"testing"
	"time"

	"github.com/earshot/earshot/alerts"
	"github.com/earshot/earshot/alerts/alertstest"
	"github.com/earshot/earshot/internal/model"
)

// A source down for three days: Evaluate sends one source_failing alert
// (the later "reminders" carry the same ID and are deduplicated), so Replay,
// which says what would have been sent, must list it once, not once a day
// under one and the same alert ID.
func TestReplayOfLongOutageMatchesEvaluate(t *testing.T) {
	st := alertstest.NewMemStore()
	base := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	st.AddRuns(model.CrawlRun{Source: "feed", Started: base, Finished: base.Add(time.Minute), New: 3})
	for h := 1; h <= 72; h++ {
		at := base.Add(time.Duration(h) * time.Hour)
		st.AddRuns(model.CrawlRun{Source: "feed", Started: at, Finished: at.Add(time.Minute), Err: "HTTP 500"})
	}
	rules := []alerts.Rule{{Name: "down", Detector: alerts.SourceHealth, FailingRuns: 3, Cooldown: time.Hour}}
	rep, err := newEvaluator(t, st, nil, rules).Replay(context.Background(), base, base.Add(72*time.Hour+30*time.Minute), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int{}
	for _, a := range rep {
		t.Logf("replay %s %s %s %s", a.CreatedAt.Format(time.RFC3339), a.Kind, a.ID, a.Summary)
		ids[a.ID]++
	}
	e := newEvaluator(t, st, nil, rules)
	var sent []model.Alert
	for h := 1; h <= 72; h++ {
		got, err := e.Evaluate(context.Background(), base.Add(time.Duration(h)*time.Hour+30*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		sent = append(sent, got...)
	}
	t.Logf("Evaluate sent %d alert(s), Replay listed %d", len(sent), len(rep))
	for id, n := range ids {
		if n > 1 {
			t.Errorf("Replay lists alert %s %d times", id, n)
		}
	}
	if n := countKind(sent, model.AlertSource, alerts.SourceFailing); n != 1 {
		t.Fatalf("Evaluate sent %d source_failing alerts over a three-day outage, want exactly 1", n)
	}
	if len(rep) != len(sent) {
		t.Errorf("Replay says %d alerts would have been sent, Evaluate sent %d", len(rep), len(sent))
	}
}
