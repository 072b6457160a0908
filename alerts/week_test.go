package alerts_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/earshot/earshot/alerts"
	"github.com/earshot/earshot/alerts/alertstest"
	"github.com/earshot/earshot/internal/model"
)

// TestReplayWeekFiresOnStormsNotCalmBrands replays a week of 20 brands of
// different sizes with daily cycles, one of which has a six-hour storm of
// tripled negatives: the storm brand fires (once, then resolves), and the
// calm brands stay quiet but for the odd false alarm the threshold allows.
func TestReplayWeekFiresOnStormsNotCalmBrands(t *testing.T) {
	st := alertstest.NewMemStore()
	r := rand.New(rand.NewPCG(11, 12))
	week := t0.Add(28 * 24 * time.Hour)
	stormAt := week.Add(3*24*time.Hour + 15*time.Hour)
	var brands []string
	for i := range 20 {
		b := fmt.Sprintf("brand%02d", i)
		brands = append(brands, b)
		tr := traffic{brand: b, neg: 2 + float64(i), all: 20 + 10*float64(i), diurnal: 0.5}
		if i == 7 {
			tr.stepAt, tr.stepNeg, tr.stepEnd = stormAt, 3, stormAt.Add(6*time.Hour)
		}
		tr.fill(st, r, t0, 28*24+7*24)
	}
	e := newEvaluator(t, st, nil, alerts.DefaultRules(brands))
	got, err := e.Replay(context.Background(), week, week.Add(7*24*time.Hour-time.Hour), time.Hour)
	if err != nil {
		t.Fatalf("Replay: %v", err)
	}
	var storm, threads, resolved int
	calm := map[string]bool{} // distinct brand and window: volume and share often fire together
	for _, a := range got {
		switch {
		case a.Brand == "brand07" && !a.WindowStart.Before(stormAt) && a.Kind == model.AlertFiring:
			storm++
			if a.FollowsUp == "" {
				threads++
			}
		case a.Brand == "brand07" && !a.WindowStart.Before(stormAt) && a.Kind == model.AlertResolved:
			resolved++
		case a.Kind == model.AlertFiring:
			calm[a.Brand+a.WindowStart.String()] = true
			t.Logf("false alarm: %s", a.Summary)
		}
	}
	// The storm: one alert per rule, each resolved after it ends.
	if storm == 0 || storm > 2 || resolved != storm {
		t.Errorf("storm brand: %d firing and %d resolved alerts, want 1-2 (volume, share) each resolved", storm, resolved)
	}
	if threads != 1 {
		t.Errorf("the storm starts %d Slack threads, want 1 (a second rule's alert follows up the first)", threads)
	}
	// 20 brands x 168 hours x (p < 0.001 for each of two rules) allows
	// about 6.7 chance events; 10 leaves room for estimation error.
	if len(calm) > 10 {
		t.Errorf("%d false alarms on calm brands in a week, want <= 10", len(calm))
	}
}
