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
	var threads, resolved int
	stormRules := map[string]bool{}
	calm := map[string]bool{} // distinct brand and window: volume and share often fire together
	for _, a := range got {
		switch {
		case a.Brand == "brand07" && a.WindowEnd.After(stormAt) && a.Kind == model.AlertFiring:
			t.Logf("storm: %s %s sev %d follows %q: %s", a.Kind, a.Rule, a.Severity, a.FollowsUp, a.Summary)
			stormRules[a.Rule] = true
			if a.FollowsUp == "" {
				threads++
			}
		case a.Brand == "brand07" && a.WindowEnd.After(stormAt) && a.Kind == model.AlertResolved:
			resolved++
		case a.Kind == model.AlertFiring:
			calm[a.Brand+a.WindowStart.String()] = true
			t.Logf("false alarm: %s", a.Summary)
		}
	}
	// The storm: each rule fires (again only if it worsens) and resolves
	// once after it ends.
	if len(stormRules) == 0 || resolved != len(stormRules) {
		t.Errorf("storm brand: %d rules fired (%v) and %d resolve notices, want each rule that fired resolved once", len(stormRules), stormRules, resolved)
	}
	if threads != 1 {
		t.Errorf("the storm starts %d Slack threads, want 1 (a second rule's alert follows up the first)", threads)
	}
	// 20 brands x 168 hours x (p < 0.001 for each of three rules) allows
	// about 10 chance events, fewer distinct windows since the rules
	// overlap; 10 leaves room for estimation error.
	if len(calm) > 10 {
		t.Errorf("%d false alarms on calm brands in a week, want <= 10", len(calm))
	}
}
