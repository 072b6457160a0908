package alerts_test

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/earshot/earshot/alerts"
	"github.com/earshot/earshot/alerts/alertstest"
	"github.com/earshot/earshot/internal/model"
)

// earshot run is stopped during a storm (host reboot, upgrade) and started
// two days later, in the middle of a new storm. The first storm ended long
// ago: the second must be announced, as a replay of the same history does.
func TestNewStormAfterDowntimeIsNotSwallowedByStaleState(t *testing.T) {
	second := storm.Add(48 * time.Hour)
	fill := func() *alertstest.MemStore {
		st := alertstest.NewMemStore()
		tr := traffic{brand: "acme", neg: 10, all: 100}
		tr.fill(st, rand.New(rand.NewPCG(21, 22)), storm.Add(-28*24*time.Hour), 28*24+72)
		st.AddBucket(model.Bucket{Brand: "acme", Hour: storm, Counts: [3]int64{20, 0, 0}})
		st.AddBucket(model.Bucket{Brand: "acme", Hour: second, Counts: [3]int64{12, 0, 0}})
		return st
	}
	rules := []alerts.Rule{{Detector: alerts.NegativeVolume, Brands: []string{"acme"}}}

	st := fill()
	e := newEvaluator(t, st, nil, rules)
	first, err := e.Evaluate(context.Background(), storm.Add(50*time.Minute))
	if err != nil || len(first) != 1 {
		t.Fatalf("first storm: %v %v", kinds(first), err)
	}
	// ... service down for two days ...
	got, err := e.Evaluate(context.Background(), second.Add(50*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	replay, err := newEvaluator(t, fill(), nil, rules).Replay(context.Background(), storm, second.Add(time.Hour), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("first sev %d; live after restart: %v; replay of the same hours: %v", first[0].Severity, kinds(got), kinds(replay))
	for _, a := range append(got, replay...) {
		t.Logf("  %s sev %d %s", a.Kind, a.Severity, a.Summary)
	}
	if countKind(got, model.AlertFiring, "") == 0 {
		t.Errorf("second storm (%s) not announced after the restart: state still says the storm of %s is firing", second.Format("Jan 2 15:04"), storm.Format("Jan 2 15:04"))
	}
}
