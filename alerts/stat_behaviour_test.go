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

// TestStationaryTrafficFalsePositives replays 10,000 hours of stationary
// Poisson traffic (after four weeks of warm-up) and checks that the rules
// fire no more often than their p-value threshold allows, with a margin for
// the baseline's estimation error. It counts both the alerts users would get
// and the raw windows in which each detector fires (through Detect on every
// hour's inputs), which the firing state and cooldown do not thin out.
func TestStationaryTrafficFalsePositives(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000-hour simulation")
	}
	const hours = 10000
	tests := []struct {
		name        string
		tr          traffic
		sensitivity string
		alpha       float64
	}{
		{"flat high", traffic{neg: 4, all: 20}, "high", 0.01},
		{"flat medium", traffic{neg: 8, all: 40}, "medium", 0.001},
		{"diurnal high", traffic{neg: 10, all: 50, diurnal: 0.6}, "high", 0.01},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.tr.brand = "acme"
			st := alertstest.NewMemStore()
			warm := 28 * 24
			negs, scored := tt.tr.fill(st, rand.New(rand.NewPCG(1, 2)), t0, warm+hours)
			rules := []alerts.Rule{
				{Detector: alerts.NegativeVolume, Brands: []string{"acme"}, Sensitivity: tt.sensitivity},
				{Detector: alerts.NegativeShare, Brands: []string{"acme"}, Sensitivity: tt.sensitivity},
			}
			e := newEvaluator(t, st, nil, rules)
			from := t0.Add(time.Duration(warm) * time.Hour)
			got, err := e.Replay(context.Background(), from, from.Add(hours*time.Hour-time.Hour), time.Hour)
			if err != nil {
				t.Fatalf("Replay: %v", err)
			}
			// Each firing alert opens an episode; with no real change, the
			// number of episodes bounds the false alarms users would see.
			for _, det := range []string{alerts.NegativeVolume, alerts.NegativeShare} {
				n := countKind(got, model.AlertFiring, det)
				limit := int(1.5*tt.alpha*hours) + 3
				t.Logf("%s: %d firing alerts in %d hours (alpha %g: %g expected at most)", det, n, hours, tt.alpha, tt.alpha*hours)
				if n > limit {
					t.Errorf("%s fired %d times in %d stationary hours, want <= %d (alpha %g)", det, n, hours, limit, tt.alpha)
				}
				raw := rawFires(t, det, tt.alpha, negs, scored, warm)
				t.Logf("%s: fires in %d of %d windows", det, raw, hours)
				if raw > limit {
					t.Errorf("%s fires in %d of %d stationary windows, want <= %d (alpha %g)", det, raw, hours, limit, tt.alpha)
				}
			}
		})
	}
}

// TestStepDetectedWithinTwoHours doubles a brand's negatives and checks that
// negative_volume fires within two hours, for 20 independent histories.
func TestStepDetectedWithinTwoHours(t *testing.T) {
	for seed := range uint64(20) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			st := alertstest.NewMemStore()
			step := t0.Add(30*24*time.Hour + 13*time.Hour)
			tr := traffic{brand: "acme", neg: 40, all: 200, diurnal: 0.3, stepAt: step, stepNeg: 2}
			tr.fill(st, rand.New(rand.NewPCG(seed, 7)), t0, 30*24+16)
			e := newEvaluator(t, st, nil, []alerts.Rule{{Detector: alerts.NegativeVolume, Brands: []string{"acme"}}})
			got, err := e.Replay(context.Background(), step.Add(-6*time.Hour), step.Add(2*time.Hour), time.Hour)
			if err != nil {
				t.Fatalf("Replay: %v", err)
			}
			var first *model.Alert
			for i := range got {
				if got[i].Kind == model.AlertFiring {
					first = &got[i]
					break
				}
			}
			switch {
			case first == nil:
				t.Fatalf("no alert within two hours of a 2x step (alerts: %v)", got)
			case first.WindowStart.Before(step):
				t.Fatalf("alert for window %s before the step at %s: %s", first.WindowStart, step, first.Summary)
			case first.CreatedAt.After(step.Add(2 * time.Hour)):
				t.Fatalf("first alert at %s, want by %s", first.CreatedAt, step.Add(2*time.Hour))
			}
		})
	}
}

// rawFires runs the detector on every hourly window after warm, with the
// Evaluator's default parameters and 28-day lookback.
func rawFires(t *testing.T, det string, alpha float64, negs, scored []int64, warm int) int {
	t.Helper()
	n := 0
	for end := warm + 1; end <= len(negs); end++ {
		start := max(0, end-1-28*24)
		in := alerts.Inputs{
			Detector: det, Version: alerts.DetectorVersion, Alpha: alpha, MinNegative: 5, MinTotal: 10, MinLift: 1.5,
			SeriesStart: t0.Add(time.Duration(start) * time.Hour), WindowStart: t0.Add(time.Duration(end-1) * time.Hour),
			WindowEnd: t0.Add(time.Duration(end) * time.Hour), Negative: negs[start:end], Scored: scored[start:end],
		}
		in.At = in.WindowEnd
		r, err := alerts.Detect(in)
		if err != nil {
			t.Fatalf("Detect: %v", err)
		}
		if r.Fires {
			n++
		}
	}
	return n
}
