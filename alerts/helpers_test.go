package alerts_test

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/earshot/earshot/alerts"
	"github.com/earshot/earshot/alerts/alertstest"
	"github.com/earshot/earshot/internal/model"
)

// t0 is the start of simulated history: a Monday midnight UTC.
var t0 = time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)

// poisson draws a Poisson(lambda) count by inversion (lambda < 700).
func poisson(r *rand.Rand, lambda float64) int64 {
	u := r.Float64()
	p := math.Exp(-lambda)
	cdf := p
	var k int64
	for u > cdf && k < 10000 {
		k++
		p *= lambda / float64(k)
		cdf += p
	}
	return k
}

// traffic describes simulated hourly traffic of one brand.
type traffic struct {
	brand    string
	neg, all float64 // mean negatives and scored mentions an hour
	diurnal  float64 // amplitude of a daily cycle (0 = flat)
	stepAt   time.Time
	stepNeg  float64   // multiplier of negatives from stepAt
	stepEnd  time.Time // end of the step (zero: never)
}

// rate is the traffic's mean at hour h, for negatives and for the rest.
func (tr traffic) rate(h time.Time) (neg, rest float64) {
	f := 1 + tr.diurnal*math.Sin(2*math.Pi*float64(h.Hour())/24)
	neg, rest = tr.neg*f, (tr.all-tr.neg)*f
	if !tr.stepAt.IsZero() && !h.Before(tr.stepAt) && (tr.stepEnd.IsZero() || h.Before(tr.stepEnd)) {
		neg *= tr.stepNeg
	}
	return neg, rest
}

// fill adds hours of simulated buckets to st, from start, and returns the
// hourly negative and scored counts.
func (tr traffic) fill(st *alertstest.MemStore, r *rand.Rand, start time.Time, hours int) (negs, scored []int64) {
	for i := range hours {
		h := start.Add(time.Duration(i) * time.Hour)
		neg, rest := tr.rate(h)
		n, o := poisson(r, neg), poisson(r, rest)
		pos := o / 2
		st.AddBucket(model.Bucket{Brand: tr.brand, Hour: h, Counts: [3]int64{n, o - pos, pos}})
		negs, scored = append(negs, n), append(scored, n+o)
	}
	return negs, scored
}

func newEvaluator(t testing.TB, st alerts.Store, scan alerts.MentionScan, rules []alerts.Rule) *alerts.Evaluator {
	t.Helper()
	e, err := alerts.NewEvaluator(st, scan, alerts.Options{Rules: rules, Channels: []string{"slack"}, DashboardURL: "https://earshot.example"})
	if err != nil {
		t.Fatalf("NewEvaluator: %v", err)
	}
	return e
}

func countKind(as []model.Alert, kind model.AlertKind, detector string) int {
	n := 0
	for _, a := range as {
		if a.Kind == kind && (detector == "" || a.Detector == detector) {
			n++
		}
	}
	return n
}
